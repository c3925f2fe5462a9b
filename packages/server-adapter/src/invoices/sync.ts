import type { Refund } from '@bitpay-checkout/bitpay-client';
import { fromUpstream, isUpstreamNotFound } from '../errors/upstream.js';
import type { InvoiceRecord, IpnOutcome } from '../store/types.js';
import { numberToDecimal } from '../view/decimal.js';
import type { UpstreamInvoice } from '../view/public-view.js';
import type { RefundStatus, RefundView } from '../view/types.js';
import { isAdopted } from './adopt.js';
import { applyFetched } from './apply.js';
import type { AdapterContext } from './context.js';

interface Slot {
  tail: Promise<unknown>;
  /** A fetch queued behind the running one: it covers every request made while that one runs. */
  queued: Promise<IpnOutcome> | null;
  users: number;
}

/**
 * IPN-triggered reads of one invoice start at least this far apart. A lone IPN is read at once; a burst
 * for one invoice (BitPay's retries and duplicates) shares the read that follows it, which still starts
 * after every IPN it covers. Other reads (watchers' refreshes, `adapter.refresh`) are not delayed.
 */
export const IPN_READ_SPACING_MS = 1000;

/** BitPay's refund states, folded into the four the public view shows. */
export function refundStatusOf(status: unknown): RefundStatus {
  if (status === 'success' || status === 'failure' || status === 'cancelled') return status;
  return 'pending';
}

export function refundView(refund: Refund, fallback: { amount: number; currency: string }): RefundView {
  const amount = typeof refund.amount === 'number' ? refund.amount : Number(refund.amount);
  return {
    status: refundStatusOf(refund.status),
    amount: numberToDecimal(Number.isFinite(amount) && amount > 0 ? amount : fallback.amount),
    currency: typeof refund.currency === 'string' ? refund.currency : fallback.currency,
  };
}

/** The fetched invoice is the merchant's order as we created it (id, order, price, currency). */
export function matchesOrder(record: InvoiceRecord, fetched: UpstreamInvoice): boolean {
  return (
    fetched.id === record.id &&
    // An adopted invoice has no order of ours: its order id is BitPay's, kept in the view.
    (isAdopted(record)
      ? fetched.orderId === record.view.orderId || fetched.orderId === undefined
      : fetched.orderId === record.orderId) &&
    Number(fetched.price) === record.price &&
    fetched.currency === record.currency
  );
}

/**
 * Re-reads invoices from BitPay and applies what it says. One fetch in flight per invoice: a request made
 * while one runs waits for a single follow-up fetch (which started after it), however many there are.
 */
export class InvoiceSync {
  readonly #ctx: AdapterContext;
  readonly #slots = new Map<string, Slot>();
  /** Upstream reads at once across all invoices: a burst of IPNs must not become a burst at BitPay. */
  readonly #maxConcurrent = 16;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(ctx: AdapterContext) {
    this.#ctx = ctx;
  }

  /** Number of invoices with a fetch running or queued (for tests and health). */
  get busy(): number {
    return this.#slots.size;
  }

  /** When each invoice's last IPN-triggered read started (real time), for IPN_READ_SPACING_MS. */
  readonly #lastStart = new Map<string, number>();

  /** Reads the invoice from BitPay and applies it; `spaced` (IPNs) keeps IPN_READ_SPACING_MS between reads. */
  refresh(invoiceId: string, spaced = false): Promise<IpnOutcome> {
    let slot = this.#slots.get(invoiceId);
    if (slot?.queued) return slot.queued;
    if (!slot) {
      slot = { tail: Promise.resolve(), queued: null, users: 0 };
      this.#slots.set(invoiceId, slot);
    }
    const s = slot;
    const run = s.tail.then(async () => {
      // Still queued while it waits: requests made meanwhile join this read, which starts after them.
      if (spaced) {
        const last = this.#lastStart.get(invoiceId) ?? Number.NEGATIVE_INFINITY;
        const wait = last + IPN_READ_SPACING_MS - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.#markStart(invoiceId);
      }
      s.queued = null;
      return this.#fetchAndApply(invoiceId);
    });
    s.queued = run;
    s.users++;
    s.tail = run.catch(() => {});
    void s.tail.then(() => {
      if (--s.users === 0) this.#slots.delete(invoiceId);
    });
    return run;
  }

  #markStart(invoiceId: string): void {
    const now = performance.now();
    if (this.#lastStart.size >= 10_000) {
      for (const [id, at] of this.#lastStart) if (now - at >= IPN_READ_SPACING_MS) this.#lastStart.delete(id);
    }
    this.#lastStart.delete(invoiceId);
    this.#lastStart.set(invoiceId, now);
  }

  async #fetchAndApply(invoiceId: string): Promise<IpnOutcome> {
    // A finishing read hands its slot straight to the next waiter, so the cap holds exactly.
    if (this.#running >= this.#maxConcurrent) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      return await this.#fetchAndApplyNow(invoiceId);
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }

  async #fetchAndApplyNow(invoiceId: string): Promise<IpnOutcome> {
    const { client, store, opts } = this.#ctx;
    const record = await store.getInvoice(invoiceId);
    if (!record) return 'unknown-invoice';
    let fetched: UpstreamInvoice;
    try {
      fetched = (await client.getInvoice(invoiceId, { facade: record.facade })) as UpstreamInvoice;
    } catch (err) {
      // BitPay does not know it (wrong environment, or a test invoice purged): nothing to retry.
      if (isUpstreamNotFound(err)) return 'unknown-invoice';
      throw fromUpstream(err, 'reading the invoice');
    }
    if (!matchesOrder(record, fetched)) {
      opts.logger.warn(`Invoice ${invoiceId} read from BitPay does not match order ${record.orderId}; ignored.`);
      return 'mismatch';
    }
    let refund: { id: string; view: RefundView } | undefined;
    if (record.refundId && record.view.refund?.status === 'pending' && opts.tokens.merchant) {
      try {
        const r = await client.getRefund(record.refundId);
        refund = { id: record.refundId, view: refundView(r, { amount: record.price, currency: record.currency }) };
      } catch (err) {
        throw fromUpstream(err, 'reading the refund');
      }
    }
    return applyFetched(this.#ctx, record, fetched, refund);
  }
}
