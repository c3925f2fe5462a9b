import { describeError } from '../log/logger.js';
import type { AdapterContext } from './context.js';
import type { InvoiceSync } from './sync.js';

/** Invoices looked at per round; the most recently changed first. */
const BATCH = 500;

/**
 * Follows expired and invalid invoices through their monitoring window when nobody watches them, so a late payment
 * reaches the store and the merchant's hook even without an IPN. Slow on purpose: each invoice is read at most once
 * per `monitoringIntervalMs` across every instance (the store's poll lease, shared with watchers' refreshes), and
 * reads go through InvoiceSync, so they coalesce with IPN- and watcher-triggered ones.
 */
export class InvoiceMonitor {
  readonly #ctx: AdapterContext;
  readonly #sync: InvoiceSync;
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> = Promise.resolve();

  constructor(ctx: AdapterContext, sync: InvoiceSync) {
    this.#ctx = ctx;
    this.#sync = sync;
  }

  start(): void {
    const { monitoringWindowMs, monitoringIntervalMs } = this.#ctx.opts;
    if (monitoringWindowMs === 0) return;
    this.#timer = setInterval(() => {
      this.#round = this.#round.then(() => this.runOnce());
    }, monitoringIntervalMs);
    this.#timer.unref();
  }

  /** One round: re-reads every invoice still in its window whose poll lease is free. */
  async runOnce(): Promise<void> {
    const { store, opts } = this.#ctx;
    const now = opts.now();
    try {
      const ids = await store.monitoredInvoices(now - opts.monitoringWindowMs, BATCH);
      for (const id of ids) {
        const record = await store.getInvoice(id);
        const until = record?.view.monitoringUntil;
        if (!record || (until !== undefined && until !== null && until <= now)) continue;
        if (!(await store.tryLeasePoll(id, now, opts.monitoringIntervalMs))) continue;
        await this.#sync
          .refresh(id)
          .catch((err) => opts.logger.warn(`Late-payment check of invoice ${id} failed: ${describeError(err)}.`));
      }
    } catch (err) {
      opts.logger.warn(`Late-payment checks failed: ${describeError(err)}.`);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#round;
  }
}
