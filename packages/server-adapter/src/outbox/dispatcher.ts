import type { AdapterContext } from '../invoices/context.js';
import { describeError } from '../log/logger.js';

/** Full-jitter exponential backoff, capped (same policy shape as the BitPay client's retries). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.max(baseMs, Math.floor(ceiling / 2 + (Math.random() * ceiling) / 2));
}

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
    const { store, opts } = this.#ctx;
    await this.#ctx.ready;
    const hook = opts.onStatusChange;
    for (;;) {
      if (this.#closed) return;
      // One at a time: a crash strands at most one leased entry until its lease ends.
      const batch = await store.claimOutbox(opts.now(), opts.outbox.leaseMs, 1);
      if (batch.length === 0) return;
      for (const entry of batch) {
        if (this.#closed) return;
        try {
          if (hook) await hook(entry.event);
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

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#running;
  }
}
