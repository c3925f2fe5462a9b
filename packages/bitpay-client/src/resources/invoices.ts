import { randomUUID } from 'node:crypto';
import { seg } from '../transport/url.js';
import type { Invoice, InvoiceEventToken, InvoiceQuery, InvoiceRequest, InvoiceUpdate } from '../types/invoice.js';
import { type Api, asArray, asObject, defined, expectAck, type FacadeOptions } from './api.js';

export async function createInvoice(api: Api, invoice: InvoiceRequest, opts: FacadeOptions = {}): Promise<Invoice> {
  const facade = opts.facade ?? api.defaultFacade();
  // A guid lets BitPay recognise a retried create (§2.4); UUIDv4, not the SDK's Date.now().
  const body = { ...invoice, guid: invoice.guid ?? randomUUID() };
  return asObject((await api.call('POST', 'invoices', facade, body)).data, 'POST /invoices');
}

export async function getInvoice(api: Api, id: string, opts: FacadeOptions = {}): Promise<Invoice> {
  const env = await api.call('GET', `invoices/${seg(id)}`, opts.facade ?? api.defaultFacade());
  return asObject(env.data, 'GET /invoices/:id');
}

export async function getInvoiceByGuid(api: Api, guid: string, opts: FacadeOptions = {}): Promise<Invoice> {
  const env = await api.call('GET', `invoices/guid/${seg(guid)}`, opts.facade ?? api.defaultFacade());
  return asObject(env.data, 'GET /invoices/guid/:guid');
}

export async function getInvoices(api: Api, query: InvoiceQuery): Promise<Invoice[]> {
  const env = await api.call('GET', 'invoices', 'merchant', defined({ ...query }));
  return asArray(env.data, 'GET /invoices');
}

export async function updateInvoice(api: Api, id: string, update: InvoiceUpdate): Promise<Invoice> {
  const env = await api.call('PUT', `invoices/${seg(id)}`, 'merchant', defined({ ...update }));
  return asObject(env.data, 'PUT /invoices/:id');
}

/** Test environment only: marks the invoice paid (`confirmed` or `complete`). */
export async function payInvoice(
  api: Api,
  id: string,
  status: 'confirmed' | 'complete' = 'complete',
): Promise<Invoice> {
  const env = await api.call('PUT', `invoices/pay/${seg(id)}`, 'merchant', { status });
  return asObject(env.data, 'PUT /invoices/pay/:id');
}

export async function cancelInvoice(api: Api, id: string, forceCancel = false): Promise<Invoice> {
  const env = await api.call('DELETE', `invoices/${seg(id)}`, 'merchant', forceCancel ? { forceCancel: true } : {});
  return asObject(env.data, 'DELETE /invoices/:id');
}

export async function cancelInvoiceByGuid(api: Api, guid: string, forceCancel = false): Promise<Invoice> {
  const env = await api.call(
    'DELETE',
    `invoices/guid/${seg(guid)}`,
    'merchant',
    forceCancel ? { forceCancel: true } : {},
  );
  return asObject(env.data, 'DELETE /invoices/guid/:guid');
}

export async function getInvoiceEventToken(api: Api, id: string): Promise<InvoiceEventToken> {
  const env = await api.call('GET', `invoices/${seg(id)}/events`, 'merchant');
  return asObject(env.data, 'GET /invoices/:id/events');
}

/** Re-sends the IPN (event 1012). `invoiceToken` is the invoice's own resource token (`invoice.token`). */
export async function requestInvoiceNotification(api: Api, id: string, invoiceToken: string): Promise<true> {
  const env = await api.call('POST', `invoices/${seg(id)}/notifications`, 'merchant', {}, invoiceToken);
  return expectAck(env, 'POST /invoices/:id/notifications');
}
