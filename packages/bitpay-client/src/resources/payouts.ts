import { seg } from '../transport/url.js';
import type { Payout, PayoutGroup, PayoutQuery, PayoutRequest } from '../types/payout.js';
import { type Api, asArray, asObject, defined, expectAck } from './api.js';

export async function createPayout(api: Api, payout: PayoutRequest): Promise<Payout> {
  return asObject((await api.call('POST', 'payouts', 'payout', defined({ ...payout }))).data, 'POST /payouts');
}

export async function getPayout(api: Api, id: string): Promise<Payout> {
  return asObject((await api.call('GET', `payouts/${seg(id)}`, 'payout')).data, 'GET /payouts/:id');
}

export async function getPayouts(api: Api, query: PayoutQuery = {}): Promise<Payout[]> {
  return asArray((await api.call('GET', 'payouts', 'payout', defined({ ...query }))).data, 'GET /payouts');
}

export async function cancelPayout(api: Api, id: string): Promise<true> {
  return expectAck(await api.call('DELETE', `payouts/${seg(id)}`, 'payout'), 'DELETE /payouts/:id');
}

export async function requestPayoutNotification(api: Api, id: string): Promise<true> {
  return expectAck(
    await api.call('POST', `payouts/${seg(id)}/notifications`, 'payout'),
    'POST /payouts/:id/notifications',
  );
}

/** Creates up to many payouts at once; per-payee failures come back in `failed`, not as an error. */
export async function createPayoutGroup(api: Api, instructions: PayoutRequest[]): Promise<PayoutGroup> {
  const env = await api.call('POST', 'payouts/group', 'payout', { instructions });
  return asObject(env.data, 'POST /payouts/group');
}

export async function cancelPayoutGroup(api: Api, groupId: string): Promise<PayoutGroup> {
  const env = await api.call('DELETE', `payouts/group/${seg(groupId)}`, 'payout');
  return asObject(env.data, 'DELETE /payouts/group/:groupId');
}
