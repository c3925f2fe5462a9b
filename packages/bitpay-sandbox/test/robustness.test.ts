// Bad input gets a BitPay-style 4xx (or the 500s BitPay itself uses for token errors), never an internal error.
import { describe, expect, it } from 'vitest';
import { KEY_A } from './helpers/bitauth.js';
import { call, control } from './helpers/http.js';
import { completedInvoice, signedAs } from './helpers/merchant.js';
import { sandbox } from './helpers/sandbox.js';

/** Small deterministic PRNG (mulberry32) so every run sends the same requests. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALUES: unknown[] = [
  null,
  true,
  false,
  -1,
  0,
  0.000001,
  1e308,
  Number.MAX_SAFE_INTEGER,
  '',
  'x',
  'USD',
  'BTC',
  'complete',
  'https://example.com/hook',
  '2026-01-15',
  '💥'.repeat(50),
  'a'.repeat(5000),
  [],
  [1, 'a'],
  ['BTC'],
  {},
  { email: 'a@b.c', currency: 'USD', items: [{ price: 1 }] },
  [{ price: -1, quantity: 0.5 }],
  [{ email: 'nope' }],
];
const KEYS = [
  'price',
  'currency',
  'amount',
  'invoiceId',
  'items',
  'recipients',
  'instructions',
  'billData',
  'schedule',
  'status',
  'buyer',
  'paymentCurrencies',
  'notificationURL',
  'acceptanceWindow',
  'transactionSpeed',
  'guid',
  'sessionId',
  'requestNumber',
  'email',
  'label',
  'ledgerCurrency',
  'recipientId',
  'preview',
  'buyerSms',
  'buyerEmail',
  'dueDate',
  'nextDelivery',
  'forceCancel',
  'itemizedDetails',
  'extendedNotifications',
  'forcedBuyerSelectedTransactionCurrency',
];
const TOKEN_ERRORS = new Set(['invalid_token', 'unauthorized_sin', 'token_inactive']);

describe('robustness', () => {
  it('answers 400 random requests on every endpoint without an internal error or a crash', async () => {
    const sb = await sandbox();
    const m = await signedAs(sb, 'merchant');
    const p = await signedAs(sb, 'payout');
    const inv = await completedInvoice(sb, m);
    const refund = (await m.post('/refunds', { invoiceId: inv.id, amount: 1 })).json.data;
    const paths = [
      ['POST', '/invoices', m],
      ['GET', '/invoices', m],
      ['GET', `/invoices/${inv.id}`, m],
      ['PUT', `/invoices/${inv.id}`, m],
      ['DELETE', `/invoices/${inv.id}`, m],
      ['PUT', `/invoices/pay/${inv.id}`, m],
      ['POST', `/invoices/${inv.id}/notifications`, m],
      ['POST', '/refunds', m],
      ['GET', '/refunds', m],
      ['PUT', `/refunds/${refund.id}`, m],
      ['DELETE', `/refunds/${refund.id}`, m],
      ['POST', '/bills', m],
      ['GET', '/bills', m],
      ['GET', '/ledgers/USD', m],
      ['GET', '/settlements', m],
      ['POST', '/subscriptions', m],
      ['POST', '/payouts', p],
      ['GET', '/payouts', p],
      ['POST', '/payouts/group', p],
      ['POST', '/recipients', p],
      ['GET', '/recipients', p],
      ['POST', '/tokens', m],
    ] as const;
    const rand = prng(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      const [method, path, who] = pick(paths);
      const fields: Record<string, unknown> = {};
      const n = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < n; k++) fields[pick(KEYS)] = pick(VALUES);
      let r: Awaited<ReturnType<typeof call>>;
      if (method === 'GET' || method === 'DELETE') {
        const q = Object.entries(fields)
          .map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
          .join('&');
        r = method === 'GET' ? await who.get(`${path}?${q}`) : await who.del(`${path}?${q}`);
      } else if (path === '/tokens') {
        r = await call(sb, 'POST', path, fields);
      } else {
        r = method === 'POST' ? await who.post(path, fields) : await who.put(path, fields);
      }
      const code = r.headers.get('x-sandbox-error-code');
      expect(code, `${method} ${path} ${JSON.stringify(fields).slice(0, 200)}`).not.toBe('internal_error');
      if (r.status >= 500) expect(TOKEN_ERRORS.has(code ?? '') || code?.startsWith('pairing_code_')).toBe(true);
      expect(r.json).toBeTypeOf('object');
      checked++;
    }
    expect(checked).toBe(400);
    // Still serving normally afterwards.
    expect((await call(sb, 'GET', '/rates/BTC/USD')).status).toBe(200);
  });

  it('refuses bodies that are not JSON objects, and control calls with junk', async () => {
    const sb = await sandbox();
    const m = await signedAs(sb, 'merchant');
    for (const raw of ['[]', '"x"', '12', 'null', '{']) {
      const r = await call(sb, 'POST', '/invoices', raw, { key: KEY_A });
      expect(r.status).toBe(400);
      expect(r.headers.get('x-sandbox-error-code')).toBe('invalid_json');
    }
    expect((await control(sb, 'POST', '/sandbox/clock', { advanceMs: -5 })).status).toBe(400);
    expect((await control(sb, 'POST', '/sandbox/clock', { advanceMs: 'soon' })).status).toBe(400);
    const inv = (await m.post('/invoices', { price: 5, currency: 'USD' })).json.data;
    expect((await control(sb, 'POST', `/sandbox/invoices/${inv.id}/pay`, { amount: 'all' })).status).toBe(400);
    expect((await control(sb, 'POST', `/sandbox/invoices/${inv.id}/pay`, { currency: 'NOPE' })).status).toBe(400);
    expect((await control(sb, 'POST', `/sandbox/invoices/${inv.id}/confirmations`, { count: 0 })).status).toBe(400);
    const res = await fetch(`${sb.url}sandbox/clock`, { method: 'POST', body: '{' });
    expect(res.status).toBe(400);
  });
});

describe('odd request targets', () => {
  it('answers malformed escapes and unknown pages without an internal error', async () => {
    const sb = await sandbox();
    for (const path of ['i/%E0%A4%A', 'invoices/%E0%A4%A?token=x', 'invoice', 'sandbox/nope']) {
      const res = await fetch(sb.url + path);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});
