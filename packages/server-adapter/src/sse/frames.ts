export const HEARTBEAT_FRAME = ': heartbeat\n\n';

export function retryFrame(ms: number): string {
  return `retry: ${ms}\n\n`;
}

/** Last-Event-ID as a non-negative integer, or null when absent or not one of ours. */
export function parseLastEventId(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}
