import type { Request } from 'express';
import { AdapterError } from '../errors/errors.js';
import type { OrderDetails, ResolveOrder } from '../options/types.js';

const CURRENCY = /^[A-Z][A-Z0-9]{2,9}$/;
const HTTP_URL = /^https?:\/\//;

/** Calls the merchant's resolveOrder and checks what it gave back (a merchant bug is a 500 that names the field). */
export async function resolveOrderChecked(
  resolveOrder: ResolveOrder,
  orderId: string,
  req: Request,
): Promise<OrderDetails | null> {
  const order = await resolveOrder(orderId, req);
  if (order === null || order === undefined) return null;
  const bad = (field: string, why: string): never => {
    throw new AdapterError('INTERNAL_ERROR', `resolveOrder("${orderId}") returned ${field} ${why}.`);
  };
  if (typeof order !== 'object') bad('a non-object', '');
  if (typeof order.price !== 'number' || !Number.isFinite(order.price) || order.price <= 0) {
    bad('a price', 'that is not a positive number');
  }
  if (typeof order.currency !== 'string' || !CURRENCY.test(order.currency))
    bad('a currency', 'that is not a code like "USD"');
  if (order.itemDesc !== undefined && typeof order.itemDesc !== 'string') bad('an itemDesc', 'that is not a string');
  for (const f of ['redirectURL', 'receiptUrl'] as const) {
    const v = order[f];
    if (v !== undefined && (typeof v !== 'string' || !HTTP_URL.test(v))) bad(`a ${f}`, 'that is not an http(s) URL');
  }
  if (order.payable !== undefined && typeof order.payable !== 'boolean') bad('payable', 'that is not a boolean');
  return order;
}
