import type { Amount, AmountsByCurrency, Extensible } from './common.js';

export type InvoiceStatus = 'new' | 'paid' | 'confirmed' | 'complete' | 'expired' | 'invalid' | 'declined';
export type ExceptionStatus = false | 'paidPartial' | 'paidOver' | (string & {});
export type TransactionSpeed = 'high' | 'medium' | 'low';

export interface Buyer extends Extensible {
  name?: string;
  address1?: string;
  address2?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  email?: string;
  phone?: string;
  notify?: boolean;
}

export interface ItemizedDetail extends Extensible {
  amount?: number;
  description?: string;
  isFee?: boolean;
}

/** POST /invoices body (§3.2). `token` and a UUID `guid` are added by the client. */
export interface InvoiceRequest extends Extensible {
  price: number;
  currency: string;
  orderId?: string;
  itemDesc?: string;
  itemCode?: string;
  posData?: string;
  notificationURL?: string;
  notificationEmail?: string;
  redirectURL?: string;
  closeURL?: string;
  autoRedirect?: boolean;
  transactionSpeed?: TransactionSpeed;
  fullNotifications?: boolean;
  extendedNotifications?: boolean;
  physical?: boolean;
  buyer?: Buyer;
  paymentCurrencies?: string[];
  acceptanceWindow?: number;
  jsonPayProRequired?: boolean;
  bitpayIdRequired?: boolean;
  merchantName?: string;
  forcedBuyerSelectedWallet?: string;
  forcedBuyerSelectedTransactionCurrency?: string;
  itemizedDetails?: ItemizedDetail[];
  guid?: string;
}

export interface InvoiceTransaction extends Extensible {
  amount: Amount;
  confirmations?: number;
  receivedTime?: string;
  txid?: string;
  exRates?: Record<string, number>;
  time?: string;
  outputIndex?: number;
}

export interface MinerFee extends Extensible {
  satoshisPerByte: number;
  totalFee: Amount;
  fiatAmount?: number;
}

/** The invoice object (§4.1). */
export interface Invoice extends Extensible {
  id: string;
  url: string;
  status: InvoiceStatus;
  price: number;
  currency: string;
  orderId?: string;
  itemDesc?: string;
  itemCode?: string;
  posData?: string;
  guid?: string;
  invoiceTime: number;
  expirationTime: number;
  currentTime: number;
  exceptionStatus: ExceptionStatus;
  targetConfirmations?: number;
  transactionSpeed?: TransactionSpeed;
  transactions?: InvoiceTransaction[];
  amountPaid?: Amount;
  displayAmountPaid?: string;
  transactionCurrency?: string | null;
  paymentSubtotals?: AmountsByCurrency;
  paymentTotals?: AmountsByCurrency;
  paymentDisplaySubTotals?: Record<string, string>;
  paymentDisplayTotals?: Record<string, string>;
  exchangeRates?: Record<string, Record<string, number>>;
  minerFees?: Record<string, MinerFee>;
  supportedTransactionCurrencies?: Record<string, { enabled: boolean; reason?: string }>;
  paymentCodes?: Record<string, Record<string, string>>;
  universalCodes?: { paymentString?: string; verificationLink?: string };
  buyer?: Buyer;
  buyerProvidedEmail?: string;
  buyerProvidedInfo?: Extensible;
  refundAddresses?: unknown[];
  refundAddressRequestPending?: boolean;
  refundInfo?: Extensible;
  redirectURL?: string;
  closeURL?: string;
  autoRedirect?: boolean;
  notificationURL?: string;
  extendedNotifications?: boolean;
  lowFeeDetected?: boolean;
  jsonPayProRequired?: boolean;
  bitpayIdRequired?: boolean;
  nonPayProPaymentReceived?: boolean;
  isCancelled?: boolean;
  underpaidAmount?: Amount;
  overpaidAmount?: Amount;
  itemizedDetails?: ItemizedDetail[];
  merchantName?: string;
  billId?: string;
  selectedTransactionCurrency?: string;
  /** Invoice resource token: used by {@link BitPayClient.requestInvoiceNotification}. */
  token?: string;
}

export interface InvoiceQuery {
  /** `YYYY-MM-DD` (or ISO date-time). */
  dateStart: string;
  dateEnd: string;
  status?: InvoiceStatus;
  orderId?: string;
  limit?: number;
  offset?: number;
}

export interface InvoiceUpdate {
  buyerEmail?: string;
  buyerSms?: string;
  smsCode?: string;
  autoVerify?: boolean;
}

/** GET /invoices/{id}/events: the long-polling event bus descriptor. */
export interface InvoiceEventToken extends Extensible {
  url: string;
  token: string;
  events: string[];
  actions: string[];
}
