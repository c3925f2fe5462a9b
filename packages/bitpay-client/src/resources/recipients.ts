import { randomUUID } from 'node:crypto';
import { seg } from '../transport/url.js';
import type { Recipient, RecipientInvite, RecipientQuery, RecipientUpdate } from '../types/payout.js';
import { type Api, asArray, asObject, defined, expectAck } from './api.js';

/** Invites recipients; a UUID `guid` is added when absent, so the call is retry-safe. */
export async function submitPayoutRecipients(
  api: Api,
  recipients: RecipientInvite[],
  guid: string = randomUUID(),
): Promise<Recipient[]> {
  const env = await api.call('POST', 'recipients', 'payout', { recipients, guid });
  return asArray(env.data, 'POST /recipients');
}

export async function getPayoutRecipient(api: Api, id: string): Promise<Recipient> {
  return asObject((await api.call('GET', `recipients/${seg(id)}`, 'payout')).data, 'GET /recipients/:id');
}

export async function getPayoutRecipients(api: Api, query: RecipientQuery = {}): Promise<Recipient[]> {
  return asArray((await api.call('GET', 'recipients', 'payout', defined({ ...query }))).data, 'GET /recipients');
}

export async function updatePayoutRecipient(api: Api, id: string, update: RecipientUpdate): Promise<Recipient> {
  const env = await api.call('PUT', `recipients/${seg(id)}`, 'payout', defined({ ...update }));
  return asObject(env.data, 'PUT /recipients/:id');
}

export async function deletePayoutRecipient(api: Api, id: string): Promise<true> {
  return expectAck(await api.call('DELETE', `recipients/${seg(id)}`, 'payout'), 'DELETE /recipients/:id');
}

export async function requestPayoutRecipientNotification(api: Api, id: string): Promise<true> {
  const env = await api.call('POST', `recipients/${seg(id)}/notifications`, 'payout');
  return expectAck(env, 'POST /recipients/:id/notifications');
}
