import type { Amount, Extensible } from './common.js';

export type RefundStatus = 'preview' | 'created' | 'pending' | 'success' | 'failure' | 'cancelled';

export interface RefundRequest extends Extensible {
  invoiceId: string;
  amount: number;
  currency?: string;
  preview?: boolean;
  immediate?: boolean;
  buyerPaysRefundFee?: boolean;
  /** ≤ 100 chars. */
  reference?: string;
  /** Filled with a UUIDv4 when absent, so the call is retry-safe. */
  guid?: string;
}

export interface Refund extends Extensible {
  id: string;
  guid?: string;
  invoice: string;
  reference?: string;
  status: RefundStatus;
  amount: Amount;
  currency?: string;
  transactionCurrency?: string;
  transactionAmount?: Amount;
  transactionRefundFee?: Amount;
  refundFee?: Amount;
  immediate?: boolean;
  buyerPaysRefundFee?: boolean;
  requestDate?: string;
  lastRefundNotification?: string;
  supportRequest?: string;
  refundAddress?: string;
  txid?: string;
  type?: 'full' | 'partial' | 'underpayment' | 'overpayment' | 'declined' | (string & {});
  notificationURL?: string;
  preview?: boolean;
  /** Refund resource token: used by {@link BitPayClient.sendRefundNotification}. */
  token?: string;
}
