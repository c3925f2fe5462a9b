import { findCrypto } from '../../money/currencies.js';
import type { SandboxState } from '../../state/state.js';
import type { Invoice, Payment } from '../../state/types.js';
import { ALL_CRYPTO_CODES, displayUnits, exchangeRates, minerFees } from './amounts.js';

/** Confirmations of one payment now: blocks mined since it was received, plus any added by the control surface. */
export function paymentConfirmations(inv: Invoice, p: Payment, now: number): number {
  const c = findCrypto(p.currency)!;
  return Math.floor(Math.max(0, now - p.receivedAt) / c.blockMs) + inv.extraConfirmations;
}

/** Confirmations of an invoice's payments now (the least confirmed one counts). */
export function confirmations(inv: Invoice, now: number): number {
  if (inv.payments.length === 0) return 0;
  return Math.min(...inv.payments.map((p) => paymentConfirmations(inv, p, now)));
}

export function targetConfirmations(inv: Invoice): number {
  return findCrypto(inv.transactionCurrency ?? inv.enabled[0] ?? 'BTC')?.targetConfirmations ?? 6;
}

const iso = (ms: number) => new Date(ms).toISOString();

function mapAmounts(inv: Invoice, pick: (a: { subtotal: bigint; total: bigint }, code: string) => unknown) {
  const out: Record<string, unknown> = {};
  for (const code of inv.enabled) out[code] = pick(inv.amounts.get(code)!, code);
  return out;
}

function paymentCodes(inv: Invoice, base: string) {
  const link = `${base}i/${inv.id}`;
  const out: Record<string, Record<string, string>> = {};
  for (const code of inv.enabled) {
    const c = findCrypto(code)!;
    const entry: Record<string, string> = {};
    for (const k of c.codes) entry[k] = k === 'BIP73' || k === 'RIP681' ? link : `${c.scheme}:?r=${link}`;
    out[code] = entry;
  }
  return out;
}

/** The invoice object of §4.1 as BitPay answers it (amounts as bigint, written exactly). */
export function invoiceJson(state: SandboxState, inv: Invoice): Record<string, unknown> {
  const now = state.now();
  const base = state.publicUrl;
  const e = inv.echo;
  const total = inv.transactionCurrency ? inv.amounts.get(inv.transactionCurrency)!.total : 0n;
  const supported: Record<string, { enabled: boolean; reason?: string }> = {};
  for (const code of ALL_CRYPTO_CODES) {
    supported[code] = inv.enabled.includes(code)
      ? { enabled: true }
      : { enabled: false, reason: 'merchantDisabledByParam' };
  }
  return {
    url: `${base}invoice?id=${inv.id}`,
    posData: e.posData,
    status: inv.status,
    price: inv.price,
    currency: inv.currency,
    itemDesc: e.itemDesc,
    itemCode: e.itemCode,
    orderId: e.orderId,
    invoiceTime: inv.invoiceTime,
    expirationTime: inv.expirationTime,
    currentTime: now,
    guid: inv.guid,
    id: inv.id,
    lowFeeDetected: false,
    amountPaid: inv.amountPaid,
    displayAmountPaid: inv.transactionCurrency ? displayUnits(inv.amountPaid, inv.transactionCurrency) : '0',
    exceptionStatus: inv.exceptionStatus,
    underpaidAmount: inv.exceptionStatus === 'paidPartial' ? total - inv.amountPaid : undefined,
    overpaidAmount: inv.exceptionStatus === 'paidOver' ? inv.amountPaid - total : undefined,
    targetConfirmations: targetConfirmations(inv),
    transactions: inv.payments.map((p) => ({
      amount: p.amount,
      confirmations: paymentConfirmations(inv, p, now),
      receivedTime: iso(p.receivedAt),
      txid: p.txid,
      exRates: { [p.currency]: 1, ...exchangeRates([p.currency], inv.currency)[p.currency] },
      outputIndex: 0,
    })),
    transactionSpeed: inv.transactionSpeed,
    buyer: e.buyer ?? {},
    buyerSms: inv.buyerSms,
    redirectURL: e.redirectURL,
    autoRedirect: e.autoRedirect ?? false,
    closeURL: e.closeURL,
    notificationURL: inv.notificationURL,
    refundAddresses: [],
    refundAddressRequestPending: false,
    buyerProvidedEmail: inv.buyerProvidedEmail,
    buyerProvidedInfo: inv.buyerProvidedInfo,
    paymentSubtotals: mapAmounts(inv, (a) => a.subtotal),
    paymentTotals: mapAmounts(inv, (a) => a.total),
    paymentDisplayTotals: mapAmounts(inv, (a, code) => displayUnits(a.total, code)),
    paymentDisplaySubTotals: mapAmounts(inv, (a, code) => displayUnits(a.subtotal, code)),
    exchangeRates: exchangeRates(inv.enabled, inv.currency),
    minerFees: minerFees(inv.enabled, inv.currency),
    shopper: {},
    jsonPayProRequired: e.jsonPayProRequired ?? false,
    merchantName: e.merchantName ?? state.merchantName,
    bitpayIdRequired: e.bitpayIdRequired ?? false,
    itemizedDetails: e.itemizedDetails,
    forcedBuyerSelectedWallet: e.forcedBuyerSelectedWallet ?? undefined,
    forcedBuyerSelectedTransactionCurrency: e.forcedBuyerSelectedTransactionCurrency ?? undefined,
    transactionCurrency: inv.transactionCurrency,
    isCancelled: inv.isCancelled,
    refundInfo:
      inv.refundedPrice > 0 ? { currency: inv.currency, amounts: { [inv.currency]: inv.refundedPrice } } : undefined,
    supportedTransactionCurrencies: supported,
    paymentCodes: paymentCodes(inv, base),
    universalCodes: { paymentString: `${base}i/${inv.id}`, verificationLink: `${base}i/${inv.id}?t=hv` },
    token: inv.token,
  };
}

/** The invoice's buyer in the flat `buyerFields` shape of IPNs (§5.2) and ledger entries. */
export function buyerFields(inv: Invoice): Record<string, unknown> {
  const buyer = (inv.echo.buyer ?? {}) as Record<string, unknown>;
  return {
    buyerName: buyer.name,
    buyerAddress1: buyer.address1,
    buyerAddress2: buyer.address2,
    buyerCity: buyer.locality,
    buyerState: buyer.region,
    buyerZip: buyer.postalCode,
    buyerCountry: buyer.country,
    buyerPhone: buyer.phone,
    buyerNotify: buyer.notify,
    buyerEmail: buyer.email ?? inv.buyerProvidedEmail,
  };
}

/** The IPN payload fields of §5.2 (standard format; the extended format wraps them in {event, data}). */
export function ipnData(state: SandboxState, inv: Invoice): Record<string, unknown> {
  const full = invoiceJson(state, inv);
  return {
    id: full.id,
    url: full.url,
    posData: full.posData,
    status: full.status,
    price: full.price,
    currency: full.currency,
    invoiceTime: full.invoiceTime,
    expirationTime: full.expirationTime,
    currentTime: full.currentTime,
    exceptionStatus: full.exceptionStatus,
    buyerFields: buyerFields(inv),
    paymentSubtotals: full.paymentSubtotals,
    paymentTotals: full.paymentTotals,
    exchangeRates: full.exchangeRates,
    amountPaid: full.amountPaid,
    orderId: full.orderId,
    transactionCurrency: full.transactionCurrency,
  };
}
