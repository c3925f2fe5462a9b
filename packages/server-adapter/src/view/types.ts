import type { InvoiceView, PaymentCurrency, RefundView } from '@bitpay-checkout/checkout-element';

// The element reads exactly what the adapter sends, so the contract's shape is written once, beside
// its reader (docs/adapter-http-contract.md), and the adapter is type-checked against it.
export type { ExceptionStatus, InvoiceStatus, RefundView } from '@bitpay-checkout/checkout-element';
export type RefundStatus = RefundView['status'];
export type PaymentCurrencyView = PaymentCurrency;

/** The only shape of an invoice a browser sees (docs/adapter-http-contract.md). */
export type PublicInvoiceView = InvoiceView;

/** The view as stored: no serverTime (added when sent) and QR paths relative to the mount point. */
export type StoredView = Omit<PublicInvoiceView, 'serverTime'>;
