/**
 * Fixed-window counters by key (a source address, an invoice id), in this process. Memory stays bounded: windows
 * that ended are dropped once per window, and past `maxKeys` live keys new keys are refused until the next sweep.
 */
export class WindowCounter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #windows = new Map<string, { count: number; resetAt: number }>();
  #sweepAt = 0;

  constructor(limit: number, windowMs: number, maxKeys = 100_000) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#maxKeys = maxKeys;
  }

  /** Counts one for `key`; returns null when allowed, else the seconds until its window ends. */
  take(key: string, now: number): number | null {
    if (now >= this.#sweepAt) {
      for (const [k, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(k);
      this.#sweepAt = now + this.#windowMs;
    }
    let w = this.#windows.get(key);
    if (!w || w.resetAt <= now) {
      if (!w && this.#windows.size >= this.#maxKeys) return Math.max(1, Math.ceil((this.#sweepAt - now) / 1000));
      w = { count: 0, resetAt: now + this.#windowMs };
      this.#windows.set(key, w);
    }
    if (++w.count > this.#limit) return Math.max(1, Math.ceil((w.resetAt - now) / 1000));
    return null;
  }
}
