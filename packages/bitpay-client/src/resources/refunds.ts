import { randomUUID } from 'node:crypto';
import { seg } from '../transport/url.js';
import type { Refund, RefundRequest } from '../types/refund.js';
import { type Api, asArray, asObject, defined, expectAck } from './api.js';

export async function createRefund(api: Api, refund: RefundRequest): Promise<Refund> {
  const env = await api.call('POST', 'refunds', 'merchant', defined({ ...refund, guid: refund.guid ?? randomUUID() }));
  return asObject(env.data, 'POST /refunds');
}

export async function getRefund(api: Api, id: string): Promise<Refund> {
  return asObject((await api.call('GET', `refunds/${seg(id)}`, 'merchant')).data, 'GET /refunds/:id');
}

export async function getRefundByGuid(api: Api, guid: string): Promise<Refund> {
  return asObject((await api.call('GET', `refunds/guid/${seg(guid)}`, 'merchant')).data, 'GET /refunds/guid/:guid');
}

export async function getRefunds(api: Api, invoiceId: string): Promise<Refund[]> {
  return asArray((await api.call('GET', 'refunds', 'merchant', { invoiceId })).data, 'GET /refunds');
}

/** `created` confirms a refund made with `preview: true`. */
export async function updateRefund(api: Api, id: string, status: string): Promise<Refund> {
  return asObject((await api.call('PUT', `refunds/${seg(id)}`, 'merchant', { status })).data, 'PUT /refunds/:id');
}

export async function updateRefundByGuid(api: Api, guid: string, status: string): Promise<Refund> {
  const env = await api.call('PUT', `refunds/guid/${seg(guid)}`, 'merchant', { status });
  return asObject(env.data, 'PUT /refunds/guid/:guid');
}

export async function cancelRefund(api: Api, id: string): Promise<Refund> {
  return asObject((await api.call('DELETE', `refunds/${seg(id)}`, 'merchant')).data, 'DELETE /refunds/:id');
}

export async function cancelRefundByGuid(api: Api, guid: string): Promise<Refund> {
  const env = await api.call('DELETE', `refunds/guid/${seg(guid)}`, 'merchant');
  return asObject(env.data, 'DELETE /refunds/guid/:guid');
}

/** Re-sends the refund webhook. `refundToken` is the refund's resource token (`refund.token`). */
export async function sendRefundNotification(api: Api, id: string, refundToken: string): Promise<true> {
  const env = await api.call('POST', `refunds/${seg(id)}/notifications`, 'merchant', {}, refundToken);
  return expectAck(env, 'POST /refunds/:id/notifications');
}
