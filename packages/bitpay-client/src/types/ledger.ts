import type { Amount, Extensible } from './common.js';

export interface Ledger extends Extensible {
  currency: string;
  balance: Amount;
}

export interface LedgerEntry extends Extensible {
  id?: string;
  type: string;
  amount: Amount;
  code: number;
  description?: string;
  timestamp: string;
  txType?: string;
  scale?: number;
  invoiceId?: string;
  buyerFields?: Extensible;
  invoiceAmount?: number;
  invoiceCurrency?: string;
  transactionCurrency?: string;
}
