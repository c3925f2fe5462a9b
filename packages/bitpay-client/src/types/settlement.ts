import type { Amount, Extensible } from './common.js';
import type { LedgerEntry } from './ledger.js';

export type SettlementStatus = 'new' | 'processing' | 'rejected' | 'completed';

export interface SettlementQuery {
  /** `YYYY-MM-DD`. The PHP SDK sends dateStart/dateEnd; older docs say startDate/endDate: both are passed through. */
  dateStart?: string;
  dateEnd?: string;
  startDate?: string;
  endDate?: string;
  currency?: string;
  status?: SettlementStatus;
  limit?: number;
  offset?: number;
}

export interface Settlement extends Extensible {
  id: string;
  accountId?: string;
  status: SettlementStatus;
  currency: string;
  payoutInfo?: Extensible;
  dateCreated?: string;
  dateExecuted?: string;
  dateCompleted?: string;
  openingDate?: string;
  closingDate?: string;
  openingBalance?: Amount;
  ledgerEntriesSum?: Amount;
  withholdings?: Extensible[];
  withholdingsSum?: Amount;
  totalAmount?: Amount;
  ledgerEntries?: LedgerEntry[];
  /** Settlement resource token: used by {@link BitPayClient.getSettlementReconciliationReport}. */
  token?: string;
}
