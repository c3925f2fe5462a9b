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

/**
 * The view as stored: no clocks (added when sent) and QR paths relative to the mount point.
 * `bitpaySkew` is how far BitPay's clock was ahead of the adapter's when the invoice was fetched.
 */
export type StoredView = Omit<
  PublicInvoiceView,
  'serverTime' | 'bitpayTime' | 'paidAfterExpiry' | 'monitoringUntil' | 'qrCode'
> & {
  bitpaySkew?: number | null;
  /** Optional: records stored before late payments were followed lack them (read as false and null). */
  paidAfterExpiry?: boolean;
  monitoringUntil?: number | null;
  /**
   * BitPay's id of the invoice's first refund, set once a refund is requested (records from before lack it: their
   * refund is the first). Never shown: it only tells the first refund's events from a later one's.
   */
  firstRefundId?: string;
};
