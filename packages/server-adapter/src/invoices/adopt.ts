import { AdapterError } from '../errors/errors.js';
import { fromUpstream, isUpstreamNotFound } from '../errors/upstream.js';
import type { InvoiceRecord } from '../store/types.js';
import { buildView, type UpstreamInvoice } from '../view/public-view.js';
import type { AdapterContext } from './context.js';
import { firstRecord } from './record.js';

/**
 * The order id of an adopted invoice's record: one the merchant's site made at BitPay itself (a plugin
 * showing it with bitpay.js) and the adapter only shows. No order id a browser can send is empty, so
 * it is never any order's invoice and no order's status follows it.
 */
export const NO_ORDER = '';

export function isAdopted(record: Pick<InvoiceRecord, 'orderId'>): boolean {
  return record.orderId === NO_ORDER;
}

/** How long BitPay's "no such invoice" is remembered, so guessed ids do not each cost a BitPay request. */
const NOT_FOUND_MS = 30_000;
const MAX_REMEMBERED = 1000;

/**
 * Reads an invoice the adapter did not create from BitPay with the merchant token and keeps it as an
 * adopted record (read-only: nothing is created at BitPay, no order is claimed). Same public view as any
 * other; BitPay's price, currency and orderId stand in for the order's.
 */
export class InvoiceAdopter {
  readonly #ctx: AdapterContext;
  readonly #inFlight = new Map<string, Promise<InvoiceRecord>>();
  readonly #unknown = new Map<string, number>();

  constructor(ctx: AdapterContext) {
    this.#ctx = ctx;
  }

  adopt(id: string): Promise<InvoiceRecord> {
    const until = this.#unknown.get(id);
    if (until !== undefined && until > this.#ctx.opts.now()) return Promise.reject(notFound());
    let pending = this.#inFlight.get(id);
    if (!pending) {
      pending = this.#fetch(id).finally(() => this.#inFlight.delete(id));
      this.#inFlight.set(id, pending);
    }
    return pending;
  }

  async #fetch(id: string): Promise<InvoiceRecord> {
    const { client, store, opts } = this.#ctx;
    let invoice: UpstreamInvoice;
    try {
      invoice = (await client.getInvoice(id, { facade: 'merchant' })) as UpstreamInvoice;
    } catch (err) {
      // Unknown at BitPay, or no merchant token to ask with (a pos-only adapter): not an invoice it can show.
      if (isUpstreamNotFound(err) || (err as { code?: unknown }).code === 'MISSING_TOKEN') {
        if (this.#unknown.size >= MAX_REMEMBERED) this.#unknown.delete(this.#unknown.keys().next().value!);
        this.#unknown.set(id, opts.now() + NOT_FOUND_MS);
        throw notFound();
      }
      throw fromUpstream(err, 'reading the invoice');
    }
    const price = Number(invoice.price);
    if (invoice.id !== id || !Number.isFinite(price) || typeof invoice.currency !== 'string') {
      throw new AdapterError('UPSTREAM_ERROR', 'BitPay returned an invoice that does not match the id asked for.');
    }
    const now = opts.now();
    const view = buildView(invoice, {
      orderId: typeof invoice.orderId === 'string' ? invoice.orderId : '',
      price,
      currency: invoice.currency,
      receiptUrl: null,
      refund: null,
      fetchedAt: now,
      // Followed after expiry like a created invoice, so a late payment still reaches the shopper's page.
      monitoringWindowMs: opts.monitoringWindowMs,
    });
    return store.adoptInvoice(
      firstRecord(
        { id, orderId: NO_ORDER, guid: '', facade: 'merchant', price, currency: invoice.currency },
        view,
        now,
      ),
    );
  }
}

const notFound = () => new AdapterError('INVOICE_NOT_FOUND', 'No such invoice.');

const adopters = new WeakMap<AdapterContext, InvoiceAdopter>();

/** The adapter's one adopter (it shares in-flight reads and remembered misses between routes). */
export function adopterFor(ctx: AdapterContext): InvoiceAdopter {
  let adopter = adopters.get(ctx);
  if (!adopter) {
    adopter = new InvoiceAdopter(ctx);
    adopters.set(ctx, adopter);
  }
  return adopter;
}
