/**
 * Clock skew of this browser against BitPay (or the adapter): add it to `Date.now()` to get that clock.
 * The view was made somewhere between sending and receiving, so the midpoint halves the error.
 */
export function skewFrom(serverTime: number, sentAt: number, receivedAt: number): number {
  return serverTime - Math.round((sentAt + receivedAt) / 2);
}

/** Milliseconds until `expirationTime` on BitPay's clock, never below 0. */
export function remainingMs(expirationTime: number, localNow: number, skew: number): number {
  return Math.max(0, expirationTime - (localNow + skew));
}

/**
 * "14:05" (minutes may pass 59: invoices last at most 15 minutes); rounds up, so "0:00" means expired.
 * Digits in the locale's own system (fa, bn), like every other number on the card.
 */
export function formatRemaining(ms: number, locale = 'en'): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const n = (v: number, digits: number) =>
    new Intl.NumberFormat(locale, { minimumIntegerDigits: digits, useGrouping: false }).format(v);
  return `${n(Math.floor(total / 60), 1)}:${n(total % 60, 2)}`;
}

/** Warning thresholds (minutes left) announced once each. */
export const WARNING_MINUTES = [5, 1] as const;

/** The threshold the countdown is under (5 or 1), or 0 above five minutes. */
export function warningLevel(ms: number): 0 | 5 | 1 {
  if (ms <= 60_000) return 1;
  if (ms <= 300_000) return 5;
  return 0;
}

/** Delay until the next whole second of the countdown, so the display ticks on the second. */
export function nextTickIn(ms: number): number {
  const r = ms % 1000;
  return r === 0 ? 1000 : r;
}
