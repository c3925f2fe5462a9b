import { AdapterError } from '../errors/errors.js';

const ID = /^[A-Za-z0-9]{1,64}$/;

/**
 * The invoice an IPN is about. Standard format: `{id, …}`; extended: `{event, data: {id, …}}`; refund
 * webhooks carry the invoice id in `data.invoice`. Only the id is used: the body is a hint, the state
 * comes from BitPay.
 */
export function invoiceIdOfIpn(raw: Buffer): string {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AdapterError('INVALID_REQUEST', 'The IPN body is not JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AdapterError('INVALID_REQUEST', 'The IPN body is not a JSON object.');
  }
  const b = body as Record<string, unknown>;
  const data = b.data;
  let id: unknown = b.id;
  if (typeof b.event === 'object' && b.event !== null && typeof data === 'object' && data !== null) {
    const d = data as Record<string, unknown>;
    const name = (b.event as Record<string, unknown>).name;
    id = typeof name === 'string' && name.startsWith('refund') ? (d.invoice ?? d.invoiceId) : d.id;
  }
  if (typeof id !== 'string' || !ID.test(id)) throw new AdapterError('INVALID_REQUEST', 'The IPN names no invoice.');
  return id;
}
