import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { KEY_A } from './helpers/bitauth.js';
import { call, control, pairedToken, posToken } from './helpers/http.js';
import { sandbox, T0 } from './helpers/sandbox.js';

const BLOCK = 600_000;

async function create(sb: Sandbox, token: string, extra: Record<string, unknown> = {}) {
  const r = await call(sb, 'POST', '/invoices', { price: 30, currency: 'USD', token, ...extra });
  expect(r.status).toBe(200);
  return r.json.data;
}
const get = async (sb: Sandbox, id: string, token: string) =>
  (await call(sb, 'GET', `/invoices/${id}?token=${token}`)).json.data;
const pay = (sb: Sandbox, id: string, amount: string, currency = 'BTC') =>
  control(sb, 'POST', `/sandbox/invoices/${id}/pay`, { amount, currency });

describe('invoice object (§4.1)', () => {
  it('prices every payment currency in smallest units, exactly, wei above 2^53 included', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const r = await call(sb, 'POST', '/invoices', { price: 30, currency: 'USD', token });
    const inv = r.json.data;
    for (const c of ['BTC', 'BCH', 'ETH', 'USDC', 'GUSD', 'PAX', 'DOGE', 'LTC', 'XRP', 'WBTC']) {
      expect(inv.paymentSubtotals[c]).toBeDefined();
    }
    // 30 USD at 60 000 USD/BTC = 0.0005 BTC = 50 000 sat; PAX has 18 decimals: 30 × 10^18 > 2^53.
    expect(inv.paymentSubtotals.BTC).toBe(50_000);
    expect(inv.paymentTotals.BTC).toBe(52_000);
    expect(inv.paymentDisplayTotals.BTC).toBe('0.000520');
    expect(r.text).toContain('"PAX":30000000000000000000');
    expect(r.text).toContain('"GUSD":3000');
    expect(inv.paymentDisplaySubTotals.PAX).toBe('30.00');
    expect(inv.invoiceTime).toBe(T0);
    expect(inv.expirationTime - inv.invoiceTime).toBe(900_000);
    expect(inv.url).toBe(`${sb.url}invoice?id=${inv.id}`);
    expect(inv.paymentCodes.BTC).toEqual({ BIP72b: `bitcoin:?r=${sb.url}i/${inv.id}`, BIP73: `${sb.url}i/${inv.id}` });
    expect(inv.paymentCodes.ETH).toEqual({ EIP681: `ethereum:?r=${sb.url}i/${inv.id}` });
    expect(inv.exceptionStatus).toBe(false);
    expect(inv.token.length).toBeGreaterThan(60);
  });

  it('writes large ETH amounts exactly', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const r = await call(sb, 'POST', '/invoices', { price: 123456.78, currency: 'USD', token });
    // 123 456.78 / 3000 = 41.15226 ETH (to 6 digits, rounded up) = 41 152 260 000 000 000 000 wei.
    expect(r.text).toContain('"ETH":41152260000000000000');
  });

  it('honours paymentCurrencies and acceptanceWindow', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const inv = await create(sb, token, { paymentCurrencies: ['BTC', 'ETH'], acceptanceWindow: 1_200_00 });
    expect(Object.keys(inv.paymentTotals)).toEqual(['BTC', 'ETH']);
    expect(inv.supportedTransactionCurrencies.DOGE).toEqual({ enabled: false, reason: 'merchantDisabledByParam' });
    expect(inv.expirationTime - inv.invoiceTime).toBe(120_000);
  });

  it('refuses missing and invalid parameters with BitPay envelopes', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const missing = await call(sb, 'POST', '/invoices', { token });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({
      errors: [
        { error: 'Missing required parameter.', param: 'price' },
        { error: 'Missing required parameter.', param: 'currency' },
      ],
    });
    const bad = await call(sb, 'POST', '/invoices', { price: 5, currency: 'XYZ', token });
    expect(bad.json).toMatchObject({ status: 'error', code: '010102', data: null });
    const speed = await call(sb, 'POST', '/invoices', { price: 5, currency: 'USD', token, transactionSpeed: 'warp' });
    expect(speed.json.errors[0].param).toBe('transactionSpeed');
    const notJson = await call(sb, 'POST', '/invoices', '{"price":', {});
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('x-sandbox-error-code')).toBe('invalid_json');
  });

  it('returns the same invoice for a repeated guid from the same token', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const a = await create(sb, token, { guid: 'order-1042' });
    const b = await create(sb, token, { guid: 'order-1042' });
    expect(b.id).toBe(a.id);
    const byGuid = await call(sb, 'GET', `/invoices/guid/order-1042?token=${token}`);
    expect(byGuid.json.data.id).toBe(a.id);
  });

  it('answers 404 with the coded envelope for an unknown invoice, and hides other pos tokens’ invoices', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const other = await posToken(sb);
    const inv = await create(sb, token);
    const r = await call(sb, 'GET', `/invoices/nope?token=${token}`);
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ status: 'error', code: '020101', data: null, error: 'Invoice not found' });
    expect((await call(sb, 'GET', `/invoices/${inv.id}?token=${other}`)).status).toBe(404);
  });
});

describe('lifecycle (§4.2, §4.3) on the sandbox clock', () => {
  it('medium: new → paid → confirmed after 1 block → complete after 6', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const inv = await create(sb, token, { transactionSpeed: 'medium' });
    expect((await pay(sb, inv.id, 'full')).json.data.status).toBe('paid');
    await sb.clock.advance(BLOCK - 1);
    expect((await get(sb, inv.id, token)).status).toBe('paid');
    await sb.clock.advance(1);
    const confirmed = await get(sb, inv.id, token);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.transactions[0].confirmations).toBe(1);
    await sb.clock.advance(5 * BLOCK);
    const complete = await get(sb, inv.id, token);
    expect(complete.status).toBe('complete');
    expect(complete.amountPaid).toBe(52_000);
    expect(complete.transactionCurrency).toBe('BTC');
  });

  it('high: confirmed at once (skips paid)', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const inv = await create(sb, token, { transactionSpeed: 'high' });
    expect((await pay(sb, inv.id, 'full')).json.data.status).toBe('confirmed');
  });

  it('low: paid, then complete after 6 blocks (skips confirmed)', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const inv = await create(sb, token, { transactionSpeed: 'low' });
    await pay(sb, inv.id, 'full');
    await sb.clock.advance(5 * BLOCK);
    expect((await get(sb, inv.id, token)).status).toBe('paid');
    await sb.clock.advance(BLOCK);
    expect((await get(sb, inv.id, token)).status).toBe('complete');
  });

  it('confirmations through the control surface move it too', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const inv = await create(sb, token);
    await pay(sb, inv.id, 'full');
    const r = await control(sb, 'POST', `/sandbox/invoices/${inv.id}/confirmations`, { count: 6 });
    expect(r.json.data.status).toBe('complete');
  });

  it('partial payment stays new with paidPartial, then expires as expired + paidPartial', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const inv = await create(sb, token);
    const paid = (await pay(sb, inv.id, 'partial')).json.data;
    expect(paid.status).toBe('new');
    expect(paid.exceptionStatus).toBe('paidPartial');
    expect(paid.amountPaid).toBe(26_000);
    expect(paid.underpaidAmount).toBe(26_000);
    await sb.clock.advance(900_000);
    const expired = await get(sb, inv.id, token);
    expect(expired.status).toBe('expired');
    expect(expired.exceptionStatus).toBe('paidPartial');
  });

  it('partial then the rest: paid in full', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const inv = await create(sb, token);
    await pay(sb, inv.id, 'partial');
    const done = (await pay(sb, inv.id, 'full')).json.data;
    expect(done.status).toBe('paid');
    expect(done.exceptionStatus).toBe(false);
    expect(done.transactions).toHaveLength(2);
  });

  it('overpayment: paid + paidOver', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const inv = await create(sb, token);
    const over = (await pay(sb, inv.id, 'over', 'ETH')).json.data;
    expect(over.status).toBe('paid');
    expect(over.exceptionStatus).toBe('paidOver');
    expect(over.overpaidAmount).toBeGreaterThan(0);
  });

  it('expires after the acceptance window, not before', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const inv = await create(sb, token);
    await sb.clock.advance(899_999);
    expect((await get(sb, inv.id, token)).status).toBe('new');
    await sb.clock.advance(1);
    expect((await get(sb, inv.id, token)).status).toBe('expired');
  });

  it('a payment after expiry leaves it expired, exceptionStatus per amount', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const inv = await create(sb, token);
    await sb.clock.advance(900_000);
    const late = (await pay(sb, inv.id, 'full')).json.data;
    expect(late.status).toBe('expired');
    expect(late.exceptionStatus).toBe('paidOver');
    const inv2 = await create(sb, token);
    await sb.clock.advance(900_000);
    expect((await pay(sb, inv2.id, 'partial')).json.data.exceptionStatus).toBe('paidPartial');
  });

  it('forced statuses follow BitPay’s transitions and refuse the rest', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const inv = await create(sb, token);
    expect((await control(sb, 'POST', `/sandbox/invoices/${inv.id}/status`, { status: 'invalid' })).status).toBe(409);
    expect(
      (await control(sb, 'POST', `/sandbox/invoices/${inv.id}/status`, { status: 'confirmed' })).json.data.status,
    ).toBe('confirmed');
    expect(
      (await control(sb, 'POST', `/sandbox/invoices/${inv.id}/status`, { status: 'invalid' })).json.data.status,
    ).toBe('invalid');
    expect(
      (await control(sb, 'POST', `/sandbox/invoices/${inv.id}/status`, { status: 'complete' })).json.data.status,
    ).toBe('complete');
    const bad = await control(sb, 'POST', `/sandbox/invoices/${inv.id}/status`, { status: 'expired' });
    expect(bad.status).toBe(409);
    expect(bad.json.code).toBe('invalid_invoice_state');
    const d = await create(sb, token);
    expect(
      (await control(sb, 'POST', `/sandbox/invoices/${d.id}/status`, { status: 'declined' })).json.data.status,
    ).toBe('declined');
    expect((await control(sb, 'POST', `/sandbox/invoices/${d.id}/status`, { status: 'sideways' })).status).toBe(400);
    expect((await control(sb, 'POST', '/sandbox/invoices/none/pay', { amount: 'full' })).status).toBe(404);
  });
});

describe('merchant invoice endpoints', () => {
  it('cancels a new invoice (→ expired, isCancelled) and refuses to cancel a paid one', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const a = (await call(sb, 'POST', '/invoices', { price: 5, currency: 'USD', token }, { key: KEY_A })).json.data;
    const c = await call(sb, 'DELETE', `/invoices/${a.id}?token=${token}&forceCancel=true`, undefined, { key: KEY_A });
    expect(c.json.data.status).toBe('expired');
    expect(c.json.data.isCancelled).toBe(true);
    const b = (await call(sb, 'POST', '/invoices', { price: 5, currency: 'USD', token, guid: 'g-2' }, { key: KEY_A }))
      .json.data;
    await pay(sb, b.id, 'full');
    const refused = await call(sb, 'DELETE', `/invoices/guid/g-2?token=${token}`, undefined, { key: KEY_A });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      status: 'error',
      code: '040107',
      data: null,
      error: 'Invalid invoice state for cancel',
    });
  });

  it('a partly paid invoice needs forceCancel', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const a = (await call(sb, 'POST', '/invoices', { price: 5, currency: 'USD', token }, { key: KEY_A })).json.data;
    await pay(sb, a.id, 'partial');
    const plain = await call(sb, 'DELETE', `/invoices/${a.id}?token=${token}`, undefined, { key: KEY_A });
    expect(plain.json.code).toBe('040107');
    const forced = await call(sb, 'DELETE', `/invoices/${a.id}?token=${token}&forceCancel=true`, undefined, {
      key: KEY_A,
    });
    expect(forced.json.data.status).toBe('expired');
  });

  it('PUT /invoices/pay/:id pays a new invoice to confirmed or complete (test-only endpoint)', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const a = (await call(sb, 'POST', '/invoices', { price: 5, currency: 'USD', token }, { key: KEY_A })).json.data;
    const r = await call(sb, 'PUT', `/invoices/pay/${a.id}`, { token, status: 'complete' }, { key: KEY_A });
    expect(r.json.data.status).toBe('complete');
    const again = await call(sb, 'PUT', `/invoices/pay/${a.id}`, { token, status: 'confirmed' }, { key: KEY_A });
    expect(again.status).toBe(400);
  });

  it('PUT /invoices/:id takes buyerEmail or buyerSms, not both', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const a = (await call(sb, 'POST', '/invoices', { price: 5, currency: 'USD', token }, { key: KEY_A })).json.data;
    const ok = await call(sb, 'PUT', `/invoices/${a.id}`, { buyerSms: '+12223334444', token }, { key: KEY_A });
    expect(ok.json.data.buyerProvidedInfo.sms).toBe('+12223334444');
    const both = await call(
      sb,
      'PUT',
      `/invoices/${a.id}`,
      { buyerSms: '+1222', buyerEmail: 'a@b.c', token },
      { key: KEY_A },
    );
    expect(both.json.code).toBe('030102');
    const none = await call(sb, 'PUT', `/invoices/${a.id}`, { token }, { key: KEY_A });
    expect(none.json.code).toBe('030108');
  });

  it('lists invoices by date range, status and orderId, and needs the dates', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    for (const orderId of ['a', 'b']) {
      await call(sb, 'POST', '/invoices', { price: 5, currency: 'USD', token, orderId }, { key: KEY_A });
    }
    const q = (s: string) => call(sb, 'GET', `/invoices?token=${token}${s}`, undefined, { key: KEY_A });
    expect((await q('&dateStart=2026-01-15&dateEnd=2026-01-15')).json.data).toHaveLength(2);
    expect((await q('&dateStart=2026-01-16&dateEnd=2026-01-20')).json.data).toHaveLength(0);
    expect((await q('&dateStart=2026-01-01&dateEnd=2026-01-31&orderId=b')).json.data[0].orderId).toBe('b');
    expect((await q('&dateStart=2026-01-01&dateEnd=2026-01-31&limit=1')).json.data).toHaveLength(1);
    expect((await q('')).json.errors.map((e: { param: string }) => e.param)).toEqual(['dateStart', 'dateEnd']);
  });

  it('GET /invoices/:id/events gives the event bus token', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const a = (await call(sb, 'POST', '/invoices', { price: 5, currency: 'USD', token }, { key: KEY_A })).json.data;
    const r = await call(sb, 'GET', `/invoices/${a.id}/events?token=${token}`, undefined, { key: KEY_A });
    expect(r.json.data.events).toEqual(['payment', 'confirmation']);
  });
});

describe('pages', () => {
  it('serves /invoice?id= and /sandbox as HTML with the control buttons', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const inv = await create(sb, token, { orderId: '<script>x</script>' });
    const page = await fetch(`${sb.url}invoice?id=${inv.id}`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain(inv.id);
    expect(html).toContain('Pay full');
    const list = await (await fetch(`${sb.url}sandbox`)).text();
    expect(list).toContain(inv.id);
    expect(list).not.toContain('<script>x</script>');
    expect((await fetch(`${sb.url}invoice?id=nope`)).status).toBe(404);
  });
});

describe('wall-clock mode (the CLI default)', () => {
  it('lets sandbox time flow and runs due work on its own', async () => {
    const sb = await sandbox({ realTime: true });
    const token = await posToken(sb);
    const t1 = sb.clock.now();
    const inv = await create(sb, token, { acceptanceWindow: 1 });
    let status = inv.status;
    for (let i = 0; i < 100 && status === 'new'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await get(sb, inv.id, token)).status;
    }
    expect(status).toBe('expired');
    expect(sb.clock.now()).toBeGreaterThan(t1);
  });
});
