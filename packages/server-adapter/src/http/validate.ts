import type { Request } from 'express';
import { AdapterError } from '../errors/errors.js';

const ORDER_ID = /^[\w.:\-/#@+]{1,128}$/;
const INVOICE_ID = /^[A-Za-z0-9]{1,64}$/;

/** The currency asked for as the inline QR (`qr`): a code, or `*` for the one a page shows by default. */
const QR_CURRENCY = /^(\*|[A-Za-z0-9]{1,16})$/;

/** The `qr` a view request may carry: the currency whose QR to send inline, checked; undefined when absent. */
export function checkQrCurrency(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !QR_CURRENCY.test(value)) {
    throw new AdapterError('INVALID_REQUEST', 'qr must be a currency code like BTC, or *.');
  }
  return value.toUpperCase();
}

/**
 * `{"orderId": "…"}`, optionally with `"replace": "<invoice id>"` (the shopper asks for a new invoice in place of
 * that one) and `"qr"` (the currency whose QR the answer carries inline), and nothing else: a browser cannot send
 * a price, currency or anything else.
 */
export function parseCreateBody(body: unknown): { orderId: string; replace: string | null; qr: string | undefined } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AdapterError('INVALID_REQUEST', 'The body must be a JSON object {"orderId": "…"}.');
  }
  const extra = Object.keys(body).filter((k) => k !== 'orderId' && k !== 'replace' && k !== 'qr');
  if (extra.length > 0) {
    throw new AdapterError(
      'INVALID_REQUEST',
      `Unknown field ${JSON.stringify(extra[0]!.slice(0, 40))}: only orderId, replace and qr are accepted.`,
    );
  }
  const { orderId, replace } = body as { orderId?: unknown; replace?: unknown };
  const qr = checkQrCurrency((body as { qr?: unknown }).qr);
  if (replace !== undefined && (typeof replace !== 'string' || !INVOICE_ID.test(replace))) {
    throw new AdapterError('INVALID_REQUEST', 'replace must be the id of the invoice to replace.');
  }
  const replacing = replace ?? null;
  if (typeof orderId === 'number' && Number.isSafeInteger(orderId) && orderId >= 0) {
    return { orderId: String(orderId), replace: replacing, qr };
  }
  if (typeof orderId !== 'string' || !ORDER_ID.test(orderId)) {
    throw new AdapterError('INVALID_REQUEST', 'orderId must be 1–128 letters, digits or . : - / # @ + _.');
  }
  return { orderId, replace: replacing, qr };
}

export function checkInvoiceId(id: unknown): string {
  if (typeof id !== 'string' || !INVOICE_ID.test(id)) throw new AdapterError('INVOICE_NOT_FOUND', 'No such invoice.');
  return id;
}

/**
 * One query parameter as a single string, or undefined when absent. Repeated (`?a=1&a=2`) or nested (`?a[b]=1`,
 * Express 4's extended parser) values are a 400, not a type the code does not expect.
 */
export function singleQueryValue(query: unknown, name: string): string | undefined {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new AdapterError('INVALID_REQUEST', `Give ?${name}= once, as a plain value.`);
  }
  return value;
}

/** The client's address (req.ip: set Express's "trust proxy" when behind one). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
