import type { WooMeta, WooOrder } from '../woo/rest-client.js';

/**
 * What the bridge and the plugin keep on the WooCommerce order (HPOS-safe order meta; `_` keeps them out of the
 * admin's custom fields box). The current invoice decides which BitPay events may move the order.
 */
export const META = {
  /** The order's current invoice id ('' when none yet). */
  invoiceId: '_bitpay_checkout_invoice_id',
  /** BitPay's invoiceTime (ms) of the current invoice: a newer invoice of the order replaces it. */
  invoiceTime: '_bitpay_checkout_invoice_time',
  /** JSON list of invoice ids replaced by a newer one: their events never move the order. */
  superseded: '_bitpay_checkout_superseded',
  /** JSON list of the idempotency keys already applied (the newest ones). */
  handled: '_bitpay_checkout_events',
  /** Written by the plugin: the reference the pages render, and where the shopper returns. */
  reference: '_bitpay_checkout_ref',
  returnUrl: '_bitpay_checkout_return_url',
} as const;

const KEEP_HANDLED = 50;
const KEEP_SUPERSEDED = 50;

function metaValue(order: WooOrder, key: string): string | null {
  // Several rows of one key can exist (update_meta_data by hand): the last one wins, as get_meta() reads it.
  for (let i = order.meta_data.length - 1; i >= 0; i--) {
    const m = order.meta_data[i]!;
    if (m.key === key) return typeof m.value === 'string' ? m.value : m.value == null ? null : String(m.value);
  }
  return null;
}

function jsonList(text: string | null): string[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export interface InvoiceMeta {
  invoiceId: string;
  invoiceTime: number | null;
  superseded: string[];
  handled: string[];
  returnUrl: string | null;
}

export function readMeta(order: WooOrder): InvoiceMeta {
  const time = Number(metaValue(order, META.invoiceTime));
  return {
    invoiceId: metaValue(order, META.invoiceId) ?? '',
    invoiceTime: Number.isFinite(time) && time > 0 ? time : null,
    superseded: jsonList(metaValue(order, META.superseded)),
    handled: jsonList(metaValue(order, META.handled)),
    returnUrl: metaValue(order, META.returnUrl),
  };
}

export type InvoiceStanding = 'current' | 'newer' | 'superseded';

/**
 * Whether an invoice is the order's current one, a newer one that replaces it (the element made a new invoice
 * after the last one expired), or one already replaced. Only the order's own meta decides.
 */
export function standingOf(meta: InvoiceMeta, invoiceId: string, invoiceTime: number): InvoiceStanding {
  if (meta.superseded.includes(invoiceId)) return 'superseded';
  if (meta.invoiceId === invoiceId) return 'current';
  if (meta.invoiceId === '' || meta.invoiceTime === null || invoiceTime > meta.invoiceTime) return 'newer';
  return 'superseded';
}

/** Meta rows that make `invoiceId` current, moving the previous current one to the superseded list. */
export function adoptInvoice(meta: InvoiceMeta, invoiceId: string, invoiceTime: number): WooMeta[] {
  const superseded =
    meta.invoiceId && meta.invoiceId !== invoiceId ? [...meta.superseded, meta.invoiceId] : meta.superseded;
  meta.superseded = superseded.slice(-KEEP_SUPERSEDED);
  meta.invoiceId = invoiceId;
  meta.invoiceTime = invoiceTime;
  return [
    { key: META.invoiceId, value: invoiceId },
    { key: META.invoiceTime, value: String(invoiceTime) },
    { key: META.superseded, value: JSON.stringify(meta.superseded) },
  ];
}

/** Meta rows that mark the current invoice replaced (a new one is being made for the order). */
export function supersedeCurrent(meta: InvoiceMeta): WooMeta[] {
  if (!meta.invoiceId) return [];
  meta.superseded = [...meta.superseded, meta.invoiceId].slice(-KEEP_SUPERSEDED);
  meta.invoiceId = '';
  return [
    { key: META.invoiceId, value: '' },
    { key: META.superseded, value: JSON.stringify(meta.superseded) },
  ];
}

/** The meta row that records one more applied event. */
export function markHandled(meta: InvoiceMeta, key: string): WooMeta {
  meta.handled = [...meta.handled.filter((k) => k !== key), key].slice(-KEEP_HANDLED);
  return { key: META.handled, value: JSON.stringify(meta.handled) };
}
