/** Invoice statuses as BitPay reports them (protocol §4.2). */
export type InvoiceStatus = 'new' | 'paid' | 'confirmed' | 'complete' | 'expired' | 'invalid' | 'declined';

/** BitPay's exception flag on an invoice. */
export type ExceptionStatus = false | 'paidPartial' | 'paidOver';

export type RefundStatus = 'pending' | 'success' | 'cancelled' | 'failure';

/** Payment codes a wallet opens, by BitPay's name for them. */
export type PaymentCodeKind = 'BIP72b' | 'BIP73' | 'EIP681' | 'EIP681b' | 'RIP681';

/** One currency the shopper may pay with. Amounts are decimal strings so nothing is rounded. */
export interface PaymentCurrency {
  code: string;
  name: string;
  decimals: number;
  total: string;
  subtotal: string;
  networkCost: string;
  /** Fiat `currency` per unit; null when BitPay gave no rate. */
  rate: number | null;
  paymentCodes: Partial<Record<PaymentCodeKind, string>>;
  /** URL of the QR code (SVG), relative to the page. */
  qr: string;
}

/**
 * A QR code drawn as one SVG path, so a page can show it inline with the invoice instead of asking for
 * an image (one round trip less before the shopper can scan). Black on white, in a square `size` wide.
 */
export interface QrDrawing {
  /** The payment currency whose payment code it encodes (the same code as the `qr` image of that currency). */
  currency: string;
  /** Width and height in modules, the quiet zone included: the SVG's viewBox is `0 0 size size`. */
  size: number;
  /** Path data of the dark modules, each row's runs as strokes of width 1 (`M x y.5 h n`). */
  path: string;
}

export interface RefundView {
  status: RefundStatus;
  amount: string;
  currency: string;
}

/**
 * The public invoice view: all a browser ever sees of an invoice (an allow-list; no tokens, no buyer
 * data beyond what the shopper typed). Fields BitPay may leave out are null, never missing.
 */
export interface InvoiceView {
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
  /**
   * BitPay's clock when the view was made (ms since epoch): the invoice's `currentTime` plus the time
   * since the adapter fetched it. Invoice times are on this clock; null when BitPay sent no `currentTime`.
   */
  bitpayTime: number | null;
  /** The adapter's clock when the view was made (ms since epoch). */
  serverTime: number;
  transactionSpeed: string | null;
  targetConfirmations: number | null;
  confirmations: number;
  url: string | null;
  redirectURL: string | null;
  receiptUrl: string | null;
  paymentCurrencies: PaymentCurrency[];
  transactionCurrency: string | null;
  amountPaid: string;
  amountDue: string | null;
  overpaidAmount: string | null;
  refund: RefundView | null;
  /**
   * True when money arrived after the invoice expired (status stays `expired`; `exceptionStatus` and `amountPaid`
   * say what arrived). BitPay does not settle such a payment: the shopper gets it back through BitPay's refund.
   */
  paidAfterExpiry: boolean;
  /**
   * Until when (the adapter's clock, ms since epoch, like `serverTime`) the adapter keeps following this expired or
   * invalid invoice for a late payment, and keeps its stream open; null for any other status.
   */
  monitoringUntil: number | null;
  /**
   * Only in the answer to a request that asked for it (`qr` in `POST /invoices`, `?qr=` on `GET /invoices/:id`):
   * the QR of one payment currency, drawn inline. Never in the event stream: a payment code does not change.
   */
  qrCode?: QrDrawing;
}
