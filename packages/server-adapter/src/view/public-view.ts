import { isInvoiceStatus } from '@bitpay-checkout/contract';
import { CURRENCY_INFO } from './currencies.js';
import { compareDecimal, fromSmallestUnit, isDecimal, subtractDecimal } from './decimal.js';
import type { ExceptionStatus, PaymentCurrencyView, PublicInvoiceView, RefundView, StoredView } from './types.js';

/** BitPay's invoice as the client returns it; read defensively, field by field. */
export type UpstreamInvoice = Record<string, unknown>;

/** Order of preference for the QR code of a currency (contract: first present wins). */
export const QR_CODE_PREFERENCE = ['BIP72b', 'EIP681', 'EIP681b', 'RIP681', 'BIP73'] as const;

export interface ViewExtras {
  orderId: string;
  price: number;
  currency: string;
  receiptUrl: string | null;
  refund: RefundView | null;
  /** The adapter's clock when `invoice` was fetched: with BitPay's `currentTime`, the skew between the two. */
  fetchedAt?: number;
  /** How long after expiry an expired or invalid invoice is followed for late payments (`monitoringWindowMs`). */
  monitoringWindowMs?: number;
}

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  return null;
};
const decimalOf = (v: unknown): string | null => {
  if (isDecimal(v)) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
};

export function exceptionStatusOf(v: unknown): ExceptionStatus {
  return v === 'paidPartial' || v === 'paidOver' ? v : false;
}

/** Whether a transaction reached BitPay at or after the invoice's expiry (its `receivedTime`, on BitPay's clock). */
function paidAfterExpiryOf(invoice: UpstreamInvoice, expirationTime: number | null): boolean {
  if (expirationTime === null || invoice.status !== 'expired') return false;
  const txs = Array.isArray(invoice.transactions) ? invoice.transactions : [];
  return txs.some((tx) => {
    const received = obj(tx).receivedTime;
    const at = typeof received === 'string' ? Date.parse(received) : (num(received) ?? Number.NaN);
    return Number.isFinite(at) && at >= expirationTime;
  });
}

/** The end of an expired or invalid invoice's monitoring window on the adapter's clock: its expiry (moved from BitPay's clock by the skew) plus the window. */
export function monitoringUntilOf(
  status: string,
  expirationTime: number,
  skew: number | null,
  windowMs: number | undefined,
): number | null {
  if (windowMs === undefined || (status !== 'expired' && status !== 'invalid')) return null;
  return expirationTime - (skew ?? 0) + windowMs;
}

export function confirmationsOf(invoice: UpstreamInvoice): number {
  const txs = Array.isArray(invoice.transactions) ? invoice.transactions : [];
  let max = 0;
  for (const tx of txs) max = Math.max(max, num(obj(tx).confirmations) ?? 0);
  return max;
}

function decimalsFor(code: string, subtotalUnits: unknown, subtotalDisplay: string | null): number {
  const known = CURRENCY_INFO[code]?.decimals;
  if (known !== undefined) return known;
  // Unknown currency: smallest units ÷ display amount is 10^decimals.
  if (subtotalDisplay !== null && subtotalUnits !== undefined) {
    const display = Number(subtotalDisplay);
    const units = Number(subtotalUnits);
    if (display > 0 && units > 0) return Math.round(Math.log10(units / display));
  }
  return 8;
}

function paymentCurrencies(invoice: UpstreamInvoice, fiat: string): PaymentCurrencyView[] {
  const totals = obj(invoice.paymentDisplayTotals);
  const subtotals = obj(invoice.paymentDisplaySubTotals);
  const unitSubtotals = obj(invoice.paymentSubtotals);
  const supported = obj(invoice.supportedTransactionCurrencies);
  const rates = obj(invoice.exchangeRates);
  const fees = obj(invoice.minerFees);
  const codes = obj(invoice.paymentCodes);
  const out: PaymentCurrencyView[] = [];
  for (const code of Object.keys(totals)) {
    if (!/^[A-Z0-9]{2,10}$/.test(code)) continue;
    if (obj(supported[code]).enabled === false) continue;
    const total = decimalOf(totals[code]);
    if (total === null) continue;
    const subtotal = decimalOf(subtotals[code]) ?? total;
    const decimals = decimalsFor(code, unitSubtotals[code], subtotal);
    const fee = obj(fees[code]).totalFee;
    const feeDecimal =
      fee === undefined || fee === null ? null : fromSmallestUnit(fee as bigint | number | string, decimals);
    const networkCost = feeDecimal ?? (compareDecimal(total, subtotal) > 0 ? subtractDecimal(total, subtotal) : '0');
    const paymentCodes: Record<string, string> = {};
    for (const [name, value] of Object.entries(obj(codes[code]))) {
      if (typeof value === 'string') paymentCodes[name] = value;
    }
    out.push({
      code,
      name: CURRENCY_INFO[code]?.name ?? code,
      decimals,
      total,
      subtotal,
      networkCost: /^0(\.0*)?$/.test(networkCost) ? '0' : networkCost,
      rate: num(obj(rates[code])[fiat]),
      paymentCodes,
      qr: `invoices/${encodeURIComponent(String(invoice.id))}/qr.svg?currency=${code}`,
    });
  }
  return out;
}

/**
 * The public view of a BitPay invoice: an explicit allow-list. Price and currency come from the order
 * (what the merchant's resolveOrder said), never from anything a browser sent.
 */
export function buildView(invoice: UpstreamInvoice, extras: ViewExtras): StoredView {
  const status = isInvoiceStatus(invoice.status) ? invoice.status : 'new';
  const exceptionStatus = exceptionStatusOf(invoice.exceptionStatus);
  const transactionCurrency = str(invoice.transactionCurrency);
  const amountPaid = decimalOf(invoice.displayAmountPaid) ?? '0';
  const due = transactionCurrency === null ? null : decimalOf(obj(invoice.paymentDisplayTotals)[transactionCurrency]);
  let amountDue: string | null = null;
  let overpaidAmount: string | null = null;
  if (due !== null && exceptionStatus === 'paidPartial' && compareDecimal(due, amountPaid) > 0) {
    amountDue = subtractDecimal(due, amountPaid);
  }
  if (due !== null && exceptionStatus === 'paidOver' && compareDecimal(amountPaid, due) > 0) {
    overpaidAmount = subtractDecimal(amountPaid, due);
  }
  const expirationTime = num(invoice.expirationTime);
  const bitpaySkew = bitpaySkewOf(invoice, extras.fetchedAt);
  return {
    id: String(invoice.id),
    orderId: extras.orderId,
    status,
    exceptionStatus,
    price: extras.price,
    currency: extras.currency,
    itemDesc: str(invoice.itemDesc),
    merchantName: str(invoice.merchantName),
    invoiceTime: num(invoice.invoiceTime) ?? 0,
    expirationTime: expirationTime ?? 0,
    transactionSpeed: str(invoice.transactionSpeed),
    targetConfirmations: num(invoice.targetConfirmations),
    confirmations: confirmationsOf(invoice),
    url: str(invoice.url),
    redirectURL: str(invoice.redirectURL),
    receiptUrl: extras.receiptUrl,
    paymentCurrencies: paymentCurrencies(invoice, extras.currency),
    transactionCurrency,
    amountPaid,
    amountDue,
    overpaidAmount,
    refund: extras.refund,
    paidAfterExpiry: paidAfterExpiryOf(invoice, expirationTime),
    monitoringUntil: monitoringUntilOf(status, expirationTime ?? 0, bitpaySkew, extras.monitoringWindowMs),
    bitpaySkew,
  };
}

/** BitPay's clock minus the adapter's, from the invoice's `currentTime`; null without one. */
function bitpaySkewOf(invoice: UpstreamInvoice, fetchedAt: number | undefined): number | null {
  const bitpayNow = num(invoice.currentTime);
  return bitpayNow === null || fetchedAt === undefined ? null : bitpayNow - fetchedAt;
}

/**
 * Adds what depends on the moment and the mount point: absolute QR paths and the clocks, last (the
 * serialiser relies on that), BitPay's one advanced by the time since the invoice was fetched.
 */
export function finalizeView(view: StoredView, baseUrl: string, now: number): PublicInvoiceView {
  const { bitpaySkew, firstRefundId: _firstRefundId, ...rest } = view;
  return {
    ...rest,
    // Records stored before these fields existed.
    paidAfterExpiry: rest.paidAfterExpiry ?? false,
    monitoringUntil: rest.monitoringUntil ?? null,
    paymentCurrencies: view.paymentCurrencies.map((c) => ({ ...c, qr: `${baseUrl}/${c.qr}` })),
    bitpayTime: bitpayTimeAt(bitpaySkew, now),
    serverTime: now,
  };
}

/** BitPay's clock at the adapter's `now`. */
export function bitpayTimeAt(bitpaySkew: number | null | undefined, now: number): number | null {
  return bitpaySkew === null || bitpaySkew === undefined ? null : now + bitpaySkew;
}

/** A change of clock skew worth telling watchers about; smaller ones are network and processing time. */
const CLOCK_JUMP_MS = 5000;

/** Fields whose change is worth an SSE event and a new event id (contract: status, exception, paid, confirmations, refund). */
export function viewChanged(a: StoredView, b: StoredView): boolean {
  return (
    a.status !== b.status ||
    a.exceptionStatus !== b.exceptionStatus ||
    a.amountPaid !== b.amountPaid ||
    a.paidAfterExpiry !== b.paidAfterExpiry ||
    a.confirmations !== b.confirmations ||
    JSON.stringify(a.refund) !== JSON.stringify(b.refund) ||
    // BitPay's clock jumped against the adapter's (a moved sandbox clock, a corrected server clock).
    Math.abs((a.bitpaySkew ?? 0) - (b.bitpaySkew ?? 0)) > CLOCK_JUMP_MS
  );
}
