import type { AdapterContext } from '../invoices/context.js';
import { describeError } from '../log/logger.js';
import type { OnStatusChange } from '../options/types.js';
import type { StatusChangeEvent } from '../store/types.js';

/** Full-jitter exponential backoff, capped (same policy shape as the BitPay client's retries). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.max(baseMs, Math.floor(ceiling / 2 + (Math.random() * ceiling) / 2));
}

/** Hook calls run at once, each for a different invoice (the store never leases two entries of one invoice). */
const LANES = 4;

/**
 * Delivers queued status changes to `onStatusChange`: at least once, in order per invoice, retried with
 * backoff, across restarts (entries live in the store) and instances (entries are leased).
 */
export class OutboxDispatcher {
  readonly #ctx: AdapterContext;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | null = null;
  #again = false;
  #closed = false;
  readonly #inFlight = new Set<AbortController>();

  constructor(ctx: AdapterContext) {
    this.#ctx = ctx;
  }

  start(): void {
    this.kick();
    this.#timer = setInterval(() => this.kick(), this.#ctx.opts.outbox.pollIntervalMs);
    this.#timer.unref();
  }

  kick(): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain()
      .catch((err) => {
        if (!this.#closed) this.#ctx.opts.logger.warn(`Outbox run failed: ${describeError(err)}.`);
      })
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  async #drain(): Promise<void> {
    await this.#ctx.ready;
    // A few lanes: a slow or hung hook holds its own invoice's events, not every other invoice's.
    await Promise.all(Array.from({ length: LANES }, () => this.#lane()));
  }

  async #lane(): Promise<void> {
    const { store, opts } = this.#ctx;
    const hook = opts.onStatusChange;
    for (;;) {
      if (this.#closed) return;
      // One at a time per lane: a crash strands at most one leased entry per lane until its lease ends.
      const batch = await store.claimOutbox(opts.now(), opts.outbox.leaseMs, 1);
      if (batch.length === 0) return;
      for (const entry of batch) {
        if (this.#closed) return;
        try {
          if (hook) await this.#call(hook, entry.event, entry.key);
          await store.outboxDelivered(entry.id, opts.now());
        } catch (err) {
          const attempts = entry.attempts + 1;
          const delay = backoffDelay(attempts - 1, opts.outbox.baseDelayMs, opts.outbox.maxDelayMs);
          opts.logger.warn(
            `onStatusChange failed for ${entry.key} (attempt ${attempts}): ${describeError(err)}; retrying in ${delay} ms.`,
          );
          await store.outboxRetry(entry.id, attempts, opts.now() + delay, describeError(err)).catch(() => {});
          // Later entries of this invoice wait for this one (the store skips them); others go on.
        }
      }
    }
  }

  /**
   * One hook call, bounded by `outbox.hookTimeoutMs` (and by close()): a hook that never settles fails this
   * delivery (retried per the backoff) instead of holding every later event and the shutdown. Its signal aborts
   * then, so a hook that honours it stops its work.
   */
  async #call(hook: OnStatusChange, event: StatusChangeEvent, key: string): Promise<void> {
    const controller = new AbortController();
    this.#inFlight.add(controller);
    const ms = this.#ctx.opts.outbox.hookTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const stopped = new Promise<never>((_, reject) => {
      const fail = () => reject(new Error(`onStatusChange for ${key} did not finish in ${ms} ms`));
      timer = setTimeout(() => {
        fail();
        controller.abort(new Error('onStatusChange timed out'));
      }, ms);
      controller.signal.addEventListener('abort', fail, { once: true });
    });
    try {
      await Promise.race([Promise.resolve().then(() => hook(event, { signal: controller.signal })), stopped]);
    } finally {
      clearTimeout(timer);
      this.#inFlight.delete(controller);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    // A hook still running is told to stop; its entry stays leased and is retried after the lease.
    for (const c of this.#inFlight) c.abort(new Error('The adapter is closing'));
    await this.#running;
  }
}
