export type Facade = 'pos' | 'merchant' | 'payout';
export const FACADES: readonly Facade[] = ['pos', 'merchant', 'payout'];

export type ResourceKind = 'invoice' | 'refund' | 'bill' | 'settlement' | 'subscription' | 'payout' | 'recipient';

/** An API token (facade token). */
export interface ApiToken {
  token: string;
  facade: Facade;
  label: string;
  /** SINs allowed to sign with this token. */
  sins: string[];
  /** False until its pairing code is approved. */
  active: boolean;
  /** merchant and payout always; pos only when claimed from a dashboard code (server-initiated pairing). */
  requiresSignature: boolean;
  dateCreated: number;
  pairingCode?: string;
  pairingExpiration?: number;
}

/** A pairing code: client-initiated (approve to activate `token`) or dashboard-made (claim with POST /tokens). */
export interface PairingCode {
  code: string;
  kind: 'client' | 'dashboard';
  facade: Facade;
  /** client-initiated: the inactive token it activates. */
  token?: string;
  label: string;
  expiresAt: number;
  used: boolean;
}

export interface ResourceToken {
  kind: ResourceKind;
  id: string;
  /** The API token that created the resource. */
  parent: string;
}

export type InvoiceStatus = 'new' | 'paid' | 'confirmed' | 'complete' | 'expired' | 'invalid' | 'declined';
export type TransactionSpeed = 'high' | 'medium' | 'low';

export interface Payment {
  currency: string;
  amount: bigint;
  receivedAt: number;
  txid: string;
}

export interface Invoice {
  id: string;
  token: string;
  creator: string;
  facade: 'pos' | 'merchant';
  price: number;
  currency: string;
  invoiceTime: number;
  expirationTime: number;
  status: InvoiceStatus;
  exceptionStatus: false | 'paidPartial' | 'paidOver';
  isCancelled: boolean;
  transactionSpeed: TransactionSpeed;
  fullNotifications: boolean;
  extendedNotifications: boolean;
  notificationURL?: string;
  guid?: string;
  /** Passthrough request fields echoed as sent (orderId, itemDesc, posData, redirectURL, buyer, …). */
  echo: Record<string, unknown>;
  buyerProvidedEmail?: string;
  buyerProvidedInfo: Record<string, unknown>;
  buyerSms?: string;
  /** Enabled payment currencies, in BitPay's order. */
  enabled: string[];
  /** Per currency: amount due without and with the miner fee, in smallest units. */
  amounts: Map<string, { subtotal: bigint; total: bigint }>;
  payments: Payment[];
  /** Confirmations added through the control surface on top of simulated blocks. */
  extraConfirmations: number;
  transactionCurrency?: string;
  amountPaid: bigint;
  refundedPrice: number;
}

export interface Refund {
  id: string;
  token: string;
  creator: string;
  guid?: string;
  invoiceId: string;
  reference?: string;
  status: 'preview' | 'created' | 'pending' | 'success' | 'failure' | 'cancelled';
  amount: number;
  currency: string;
  transactionCurrency: string;
  transactionAmount: number;
  transactionRefundFee: number;
  refundFee: number;
  immediate: boolean;
  buyerPaysRefundFee: boolean;
  requestDate: number;
  lastRefundNotification?: number;
}

export interface LedgerEntry {
  id: string;
  currency: string;
  type: string;
  code: number;
  /** In 1e-8 units of the ledger currency (`scale`). */
  amount: bigint;
  description: string;
  timestamp: number;
  txType: string;
  invoiceId?: string;
  invoice?: Invoice;
  settlementId?: string;
}
