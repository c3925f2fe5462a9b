import type { Amount, Extensible } from './common.js';

export type PayoutStatus = 'new' | 'funded' | 'processing' | 'complete' | 'failed' | 'cancelled' | 'paid' | 'unpaid';

export interface PayoutRequest extends Extensible {
  amount: number;
  currency: string;
  ledgerCurrency: string;
  reference?: string;
  notificationURL?: string;
  notificationEmail?: string;
  email?: string;
  recipientId?: string;
  shopperId?: string;
  label?: string;
  effectiveDate?: string;
  ignoreEmails?: boolean;
  /** When given, the call becomes retry-safe. */
  guid?: string;
}

export interface Payout extends Extensible {
  id: string;
  amount: Amount;
  currency: string;
  ledgerCurrency: string;
  status: PayoutStatus;
  recipientId?: string;
  accountId?: string;
  shopperId?: string;
  exchangeRates?: Record<string, Record<string, number>>;
  email?: string;
  reference?: string;
  label?: string;
  notificationURL?: string;
  notificationEmail?: string;
  effectiveDate?: string;
  requestDate?: string;
  dateExecuted?: string;
  transactions?: Extensible[];
  groupId?: string;
  token?: string;
}

export interface PayoutQuery {
  startDate?: string;
  endDate?: string;
  status?: PayoutStatus;
  reference?: string;
  groupId?: string;
  limit?: number;
  offset?: number;
}

/** POST /payouts/group and DELETE /payouts/group/{id} answer without `data`. */
export interface PayoutGroup extends Extensible {
  created?: Payout[];
  cancelled?: Payout[];
  failed: { errMessage: string; payee?: string; [field: string]: unknown }[];
}

export type RecipientStatus = 'invited' | 'unverified' | 'verified' | 'active' | 'paused' | 'removed';

export interface RecipientInvite extends Extensible {
  email: string;
  label?: string;
  notificationURL?: string;
}

export interface Recipient extends Extensible {
  id: string;
  email: string;
  label?: string;
  status: RecipientStatus;
  notificationURL?: string;
  shopperId?: string | null;
  token?: string;
}

export interface RecipientQuery {
  status?: RecipientStatus;
  limit?: number;
  offset?: number;
}

export interface RecipientUpdate extends Extensible {
  label?: string;
  notificationURL?: string;
}
