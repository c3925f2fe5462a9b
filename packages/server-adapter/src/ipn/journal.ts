import type { AdapterContext } from '../invoices/context.js';
import type { InvoiceSync } from '../invoices/sync.js';
import { describeError } from '../log/logger.js';
import { DEFAULT_IPN_RETRY_MS } from '../options/defaults.js';
import type { IpnRecord } from '../store/types.js';

/**
 * Works through recorded IPNs: each one triggers a re-fetch of its invoice and is marked finished only
 * after the fetched state is stored. Unfinished ones (BitPay unreachable, or the process died) are picked
 * up again by a sweep, at start-up and then every few seconds.
 */
export class IpnJournal {
  readonly #ctx: AdapterContext;
  readonly #sync: InvoiceSync;
  readonly #active = new Set<number>();
  readonly #running = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(ctx: AdapterContext, sync: InvoiceSync) {
    this.#ctx = ctx;
    this.#sync = sync;
  }

  start(retryMs = DEFAULT_IPN_RETRY_MS): void {
    void this.sweep();
    this.#timer = setInterval(() => void this.sweep(), retryMs);
    this.#timer.unref();
  }

  /** Handles one recorded IPN now (called right after it was acknowledged). */
  process(ipn: Pick<IpnRecord, 'id' | 'invoiceId'>): Promise<void> {
    if (this.#closed || this.#active.has(ipn.id)) return Promise.resolve();
    this.#active.add(ipn.id);
    const { store, opts } = this.#ctx;
    const p = this.#sync
      .refresh(ipn.invoiceId, true)
      .then((outcome) => store.finishIpn(ipn.id, outcome, opts.now()))
      .catch((err) => {
        opts.logger.warn(`IPN ${ipn.id} for invoice ${ipn.invoiceId} will be retried: ${describeError(err)}.`);
      })
      .finally(() => {
        this.#active.delete(ipn.id);
        this.#running.delete(p);
      });
    this.#running.add(p);
    return p;
  }

  async sweep(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#ctx.ready;
      const pending = await this.#ctx.store.pendingIpns(200);
      await Promise.all(pending.map((ipn) => this.process(ipn)));
    } catch (err) {
      if (!this.#closed) this.#ctx.opts.logger.warn(`IPN sweep failed: ${describeError(err)}.`);
    }
  }

  /** Resolves when every IPN being handled now is done. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.idle();
  }
}
