import { seg } from '../transport/url.js';
import type { Bill, BillRequest, BillStatus } from '../types/bill.js';
import { type Api, asArray, asObject, defined, expectAck, type FacadeOptions } from './api.js';

export async function createBill(api: Api, bill: BillRequest, opts: FacadeOptions = {}): Promise<Bill> {
  const env = await api.call('POST', 'bills', opts.facade ?? api.defaultFacade(), { ...bill });
  return asObject(env.data, 'POST /bills');
}

export async function getBill(api: Api, id: string, opts: FacadeOptions = {}): Promise<Bill> {
  const env = await api.call('GET', `bills/${seg(id)}`, opts.facade ?? api.defaultFacade());
  return asObject(env.data, 'GET /bills/:id');
}

export async function getBills(api: Api, status?: BillStatus): Promise<Bill[]> {
  return asArray((await api.call('GET', 'bills', 'merchant', defined({ status }))).data, 'GET /bills');
}

export async function updateBill(
  api: Api,
  id: string,
  bill: Partial<BillRequest> & Record<string, unknown>,
): Promise<Bill> {
  // A bill read back from BitPay carries its resource token; the update is authorised by the merchant token
  // (the official SDK just forwards whatever token field the object has), so that field is not sent.
  const { token: _resourceToken, ...fields } = bill;
  return asObject((await api.call('PUT', `bills/${seg(id)}`, 'merchant', fields)).data, 'PUT /bills/:id');
}

/** Emails the bill. `billToken` is the bill's resource token (`bill.token`). */
export async function deliverBill(api: Api, id: string, billToken: string, opts: FacadeOptions = {}): Promise<true> {
  const env = await api.call('POST', `bills/${seg(id)}/deliveries`, opts.facade ?? api.defaultFacade(), {}, billToken);
  return expectAck(env, 'POST /bills/:id/deliveries');
}
