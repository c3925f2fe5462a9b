import type { AdapterContext } from '../invoices/context.js';
import type { InvoiceSync } from '../invoices/sync.js';
import { describeError } from '../log/logger.js';
import { DEFAULT_IPN_RETRY_MS } from '../options/defaults.js';
import type { IpnRecord } from '../store/types.js';

/**
 * An IPN-triggered read of an invoice starts at least this long after the previous one ended, however many IPNs
 * arrive (hostile or not): counted from the end, so a read delayed on its way out cannot bunch up with the next.
 */
export const IPN_READ_SPACING_MS = 1000;

interface InvoiceState {
  /** Newest journal entry id recorded here for the invoice: the next read finishes it. */
  latestId: number;
  /** A read is scheduled and has not started: an IPN arriving now is covered by it. */
  scheduled: boolean;
  running: boolean;
  /** When the last read ended (performance.now()). */
  lastEnd: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Works through the journal: one pending entry per invoice, each finished (deleted) once a read of the invoice
 * that started after it is stored. Reads of one invoice start at least IPN_READ_SPACING_MS apart; every IPN that
 * arrives while one is scheduled is covered by it (see {@link IpnJournal.covers}). Entries whose read failed
 * (BitPay unreachable, or the process died) are picked up again by a sweep, at start-up and every few seconds.
 */
export class IpnJournal {
  readonly #ctx: AdapterContext;
  readonly #sync: InvoiceSync;
  readonly #states = new Map<string, InvoiceState>();
  readonly #running = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #retryMs = DEFAULT_IPN_RETRY_MS;
  #closed = false;

  constructor(ctx: AdapterContext, sync: InvoiceSync) {
    this.#ctx = ctx;
    this.#sync = sync;
  }

  start(retryMs = DEFAULT_IPN_RETRY_MS): void {
    this.#retryMs = retryMs;
    // At start-up every entry is recovered; later sweeps leave fresh ones to whoever recorded them.
    void this.sweep(Number.MAX_SAFE_INTEGER);
    this.#timer = setInterval(() => void this.sweep(), retryMs);
    this.#timer.unref();
  }

  /**
   * True when this process holds a durable entry for the invoice and a read of it that has not started yet:
   * an IPN acknowledged now is followed by that read, so it needs no write of its own.
   */
  covers(invoiceId: string): boolean {
    return !this.#closed && this.#states.get(invoiceId)?.scheduled === true;
  }

  /** Schedules a read for a recorded entry (called right after it was acknowledged, and by sweeps). */
  process(ipn: Pick<IpnRecord, 'id' | 'invoiceId'>): void {
    if (this.#closed) return;
    let s = this.#states.get(ipn.invoiceId);
    if (!s) {
      s = { latestId: 0, scheduled: false, running: false, lastEnd: Number.NEGATIVE_INFINITY, timer: undefined };
      this.#states.set(ipn.invoiceId, s);
    }
    // An entry this process already has a read for (running or scheduled) is covered by it.
    if (ipn.id <= s.latestId) return;
    s.latestId = ipn.id;
    if (s.scheduled) return;
    s.scheduled = true;
    // While a read runs, the next one is scheduled when it ends.
    if (!s.running) this.#schedule(ipn.invoiceId, s);
  }

  #schedule(invoiceId: string, s: InvoiceState): void {
    const wait = Math.max(0, s.lastEnd + IPN_READ_SPACING_MS - performance.now());
    s.timer = setTimeout(() => this.#read(invoiceId, s), wait);
  }

  #read(invoiceId: string, s: InvoiceState): void {
    s.timer = undefined;
    s.scheduled = false;
    s.running = true;
    const id = s.latestId;
    const { store, opts } = this.#ctx;
    const p = this.#sync
      .refresh(invoiceId)
      .then((outcome) => store.finishIpn(id, outcome, opts.now()))
      .catch((err) => {
        if (!this.#closed) opts.logger.warn(`IPN for invoice ${invoiceId} will be retried: ${describeError(err)}.`);
      })
      .finally(() => {
        s.running = false;
        s.lastEnd = performance.now();
        this.#running.delete(p);
        if (this.#closed) return;
        if (s.scheduled) this.#schedule(invoiceId, s);
        else if (this.#states.get(invoiceId) === s) this.#states.delete(invoiceId);
      });
    this.#running.add(p);
  }

  async sweep(receivedBefore = this.#ctx.opts.now() - this.#retryMs): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#ctx.ready;
      const pending = await this.#ctx.store.pendingIpns(500, receivedBefore);
      for (const ipn of pending) this.process(ipn);
    } catch (err) {
      if (!this.#closed) this.#ctx.opts.logger.warn(`IPN sweep failed: ${describeError(err)}.`);
    }
  }

  /** Resolves when no read is scheduled or running. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.#running.size > 0) await Promise.allSettled([...this.#running]);
      else if ([...this.#states.values()].some((s) => s.scheduled)) await new Promise((r) => setTimeout(r, 20));
      else return;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    for (const s of this.#states.values()) {
      clearTimeout(s.timer);
      s.scheduled = false;
    }
    await this.idle();
  }
}
