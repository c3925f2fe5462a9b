import { seg } from '../transport/url.js';
import type { Ledger, LedgerEntry } from '../types/ledger.js';
import type { Settlement, SettlementQuery } from '../types/settlement.js';
import { type Api, asArray, asObject, defined } from './api.js';

export async function getLedgers(api: Api): Promise<Ledger[]> {
  return asArray((await api.call('GET', 'ledgers', 'merchant')).data, 'GET /ledgers');
}

/** Entries of one ledger between two `YYYY-MM-DD` dates. */
export async function getLedgerEntries(
  api: Api,
  currency: string,
  startDate: string,
  endDate: string,
): Promise<LedgerEntry[]> {
  const env = await api.call('GET', `ledgers/${seg(currency)}`, 'merchant', { startDate, endDate });
  return asArray(env.data, 'GET /ledgers/:currency');
}

export async function getSettlements(api: Api, query: SettlementQuery = {}): Promise<Settlement[]> {
  return asArray((await api.call('GET', 'settlements', 'merchant', defined({ ...query }))).data, 'GET /settlements');
}

export async function getSettlement(api: Api, id: string): Promise<Settlement> {
  return asObject((await api.call('GET', `settlements/${seg(id)}`, 'merchant')).data, 'GET /settlements/:id');
}

/** Settlement plus its ledger entries. `settlementToken` is the settlement's resource token (`settlement.token`). */
export async function getSettlementReconciliationReport(
  api: Api,
  id: string,
  settlementToken: string,
): Promise<Settlement> {
  const env = await api.call('GET', `settlements/${seg(id)}/reconciliationReport`, 'merchant', {}, settlementToken);
  return asObject(env.data, 'GET /settlements/:id/reconciliationReport');
}
