/** Reconnection policy: exponential from 1 s, capped at 30 s, with jitter so many tabs do not retry in step. */
const BASE = 1000;
const CAP = 30_000;

/** Delay before retry number `attempt` (0-based); `random` in [0, 1) picks a point in [½d, d]. */
export function backoffDelay(attempt: number, random = Math.random()): number {
  const ceiling = Math.min(CAP, BASE * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
