/** Full-jitter exponential backoff (AWS architecture blog): random in [0, min(cap, base·2^attempt)]. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/** Retry-After in ms (seconds or HTTP date), capped; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, capMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(capMs, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.min(capMs, Math.max(0, date - Date.now()));
}

/** HTTP statuses worth another try: overload and gateway trouble. A 500 *with* a BitPay error body is final. */
export const RETRYABLE_STATUS = new Set([408, 429, 502, 503, 504]);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
