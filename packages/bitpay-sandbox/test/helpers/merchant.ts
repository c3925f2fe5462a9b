import type { Sandbox } from '../../src/index.js';
import { KEY_A } from './bitauth.js';
import { type ApiResult, call, control, pairedToken } from './http.js';

/** A signed merchant (or payout) session with Key A: `m.get('/ledgers')` adds the token and signs. */
export async function signedAs(sb: Sandbox, facade: 'merchant' | 'payout') {
  const token = await pairedToken(sb, KEY_A, facade);
  const withToken = (path: string) => `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
  return {
    token,
    get: (path: string): Promise<ApiResult> => call(sb, 'GET', withToken(path), undefined, { key: KEY_A }),
    del: (path: string): Promise<ApiResult> => call(sb, 'DELETE', withToken(path), undefined, { key: KEY_A }),
    post: (path: string, body: Record<string, unknown> = {}): Promise<ApiResult> =>
      call(sb, 'POST', path, { ...body, token: body.token ?? token }, { key: KEY_A }),
    put: (path: string, body: Record<string, unknown> = {}): Promise<ApiResult> =>
      call(sb, 'PUT', path, { ...body, token: body.token ?? token }, { key: KEY_A }),
  };
}

/** A completed invoice (paid in BTC, 6 confirmations): what refunds, ledgers and settlements follow from. */
export async function completedInvoice(sb: Sandbox, m: Awaited<ReturnType<typeof signedAs>>, price = 30) {
  const buyer = {
    name: 'John Doe',
    address1: '2630 Hegal Place',
    address2: 'Apt 42',
    locality: 'Alexandria',
    region: 'VA',
    postalCode: '23242',
    country: 'US',
    phone: '555-123-456',
    notify: true,
    email: 'john@doe.com',
  };
  const inv = (await m.post('/invoices', { price, currency: 'USD', orderId: `o-${price}`, buyer })).json.data;
  await control(sb, 'POST', `/sandbox/invoices/${inv.id}/status`, { status: 'complete' });
  return inv;
}
