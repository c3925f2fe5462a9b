import type { InvoiceView } from '@bitpay-checkout/contract';

export type {
  ExceptionStatus,
  InvoiceStatus,
  PaymentCurrency as PaymentCurrencyView,
  RefundStatus,
  RefundView,
} from '@bitpay-checkout/contract';

/** The only shape of an invoice a browser sees (docs/adapter-http-contract.md). */
export type PublicInvoiceView = InvoiceView;

/** The view as stored: no serverTime (added when sent) and QR paths relative to the mount point. */
export type StoredView = Omit<PublicInvoiceView, 'serverTime'>;
