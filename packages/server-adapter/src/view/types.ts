/** Invoice statuses as BitPay reports them (protocol §4.2). */
export type InvoiceStatus = 'new' | 'paid' | 'confirmed' | 'complete' | 'expired' | 'invalid' | 'declined';
export type ExceptionStatus = false | 'paidPartial' | 'paidOver';
export type RefundStatus = 'pending' | 'success' | 'cancelled' | 'failure';

export interface RefundView {
  status: RefundStatus;
  /** Decimal string in `currency`. */
  amount: string;
  currency: string;
}

export interface PaymentCurrencyView {
  code: string;
  name: string;
  decimals: number;
  total: string;
  subtotal: string;
  networkCost: string;
  rate: number | null;
  paymentCodes: Record<string, string>;
  qr: string;
}

/** The only shape of an invoice a browser sees (docs/adapter-http-contract.md). */
export interface PublicInvoiceView {
  id: string;
  orderId: string;
  status: InvoiceStatus;
  exceptionStatus: ExceptionStatus;
  price: number;
  currency: string;
  itemDesc: string | null;
  merchantName: string | null;
  invoiceTime: number;
  expirationTime: number;
  serverTime: number;
  transactionSpeed: string | null;
  targetConfirmations: number | null;
  confirmations: number;
  url: string | null;
  redirectURL: string | null;
  receiptUrl: string | null;
  paymentCurrencies: PaymentCurrencyView[];
  transactionCurrency: string | null;
  amountPaid: string;
  amountDue: string | null;
  overpaidAmount: string | null;
  refund: RefundView | null;
}

/** The view as stored: no serverTime (added when sent) and QR paths relative to the mount point. */
export type StoredView = Omit<PublicInvoiceView, 'serverTime'>;
