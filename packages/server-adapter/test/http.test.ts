import { BitPayClient } from '@bitpay-checkout/bitpay-client';
import { beforeEach, describe, expect, it } from 'vitest';
import { control, eventually, postJson, readEvents, type TestShop } from './harness.js';
import { useBitPay } from './hooks.js';

const bitpay = useBitPay();
let shop: TestShop;

beforeEach(async () => {
  shop = await bitpay.shop({ refreshIntervalMs: 200 });
  shop.orders.set('1042', {
    price: 25.5,
    currency: 'USD',
    itemDesc: '2 items',
    receiptUrl: 'https://shop.example/o/1042',
  });
});

describe('POST /invoices', () => {
  it('creates an invoice from the order (201), then returns the same one (200)', async () => {
    const first = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042' });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      orderId: '1042',
      status: 'new',
      exceptionStatus: false,
      price: 25.5,
      currency: 'USD',
      itemDesc: '2 items',
      receiptUrl: 'https://shop.example/o/1042',
      refund: null,
      amountPaid: '0',
    });
    expect(first.json.paymentCurrencies.length).toBeGreaterThan(0);
    const btc = first.json.paymentCurrencies.find((c: { code: string }) => c.code === 'BTC');
    expect(btc.qr).toBe(`/bitpay/invoices/${first.json.id}/qr.svg?currency=BTC`);
    expect(btc.total).toMatch(/^\d+\.\d+$/);
    const second = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042' });
    expect(second.status).toBe(200);
    expect(second.json.id).toBe(first.json.id);
  });

  it('answers an unknown order with 404 ORDER_NOT_FOUND', async () => {
    const res = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'nope' });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('ORDER_NOT_FOUND');
  });

  it('answers an order that cannot be paid with 409 ORDER_NOT_PAYABLE', async () => {
    shop.orders.set('paid-elsewhere', { price: 5, currency: 'USD', payable: false });
    const res = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'paid-elsewhere' });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('ORDER_NOT_PAYABLE');
  });

  it('rejects bodies that are not {orderId} JSON with stable codes', async () => {
    const url = `${shop.base}/bitpay/invoices`;
    expect((await postJson(url, '{"orderId":')).json.error.code).toBe('INVALID_REQUEST');
    expect((await postJson(url, { orderId: '1042', extra: 1 })).json.error.code).toBe('INVALID_REQUEST');
    expect((await postJson(url, [1])).json.error.code).toBe('INVALID_REQUEST');
    const form = await fetch(url, { method: 'POST', body: 'orderId=1042', headers: { 'content-type': 'text/plain' } });
    expect(form.status).toBe(415);
    expect((await form.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await postJson(url, { orderId: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('keeps an expired invoice for its order, and makes a new one only when asked to replace it', async () => {
    const first = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042' });
    await control(bitpay.sandbox, `invoices/${first.json.id}/status`, { status: 'expired' });
    await shop.adapter.refresh(first.json.id);
    const reload = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042' });
    expect(reload.status).toBe(200);
    expect(reload.json.id).toBe(first.json.id);
    const second = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042', replace: first.json.id });
    expect(second.status).toBe(201);
    expect(second.json.id).not.toBe(first.json.id);
  });

  it('refuses to replace an open invoice, and a replace that is not an invoice id', async () => {
    const open = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042' });
    const refused = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042', replace: open.json.id });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('INVOICE_NOT_REPLACEABLE');
    const bad = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042', replace: true });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('INVALID_REQUEST');
  });
});

describe('GET /invoices/:id', () => {
  it('returns the public view with the server time', async () => {
    const created = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042' });
    const before = Date.now();
    const res = await fetch(`${shop.base}/bitpay/invoices/${created.json.id}`);
    const view = await res.json();
    expect(res.status).toBe(200);
    expect(view.id).toBe(created.json.id);
    expect(view.serverTime).toBeGreaterThanOrEqual(before);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('carries BitPay’s clock (its currentTime), which invoice times are on, apart from the adapter’s', async () => {
    // BitPay's clock runs 70 minutes ahead of this server's: the countdown must follow BitPay's.
    await bitpay.sandbox.clock.advance(70 * 60_000);
    const created = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042' });
    await new Promise((r) => setTimeout(r, 300));
    const view = await (await fetch(`${shop.base}/bitpay/invoices/${created.json.id}`)).json();
    expect(view.expirationTime - view.serverTime).toBeGreaterThan(80 * 60_000);
    expect(Math.abs(view.bitpayTime - bitpay.sandbox.clock.now())).toBeLessThan(2000);
    expect(view.expirationTime - view.bitpayTime).toBeLessThanOrEqual(15 * 60_000);
    expect(view.expirationTime - view.bitpayTime).toBeGreaterThan(14 * 60_000);
  });

  it('shows a merchant’s invoice it did not create (read from BitPay, nothing created) with the same view', async () => {
    // The merchant's own site (say BitPay's WooCommerce plugin) made this invoice with the merchant token.
    const own = new BitPayClient({
      environment: bitpay.sandbox.url,
      key: bitpay.creds.key,
      tokens: { merchant: bitpay.creds.merchant },
    });
    const made = (await own.createInvoice(
      { price: 12, currency: 'USD', orderId: 'woo-77' },
      { facade: 'merchant' },
    )) as {
      id: string;
    };
    const res = await fetch(`${shop.base}/bitpay/invoices/${made.id}`);
    expect(res.status).toBe(200);
    const view = await res.json();
    expect(view).toMatchObject({ id: made.id, orderId: 'woo-77', status: 'new', price: 12, currency: 'USD' });
    expect(view.paymentCurrencies.length).toBeGreaterThan(0);
    expect(Object.keys(view).sort()).toEqual(
      Object.keys((await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042' })).json).sort(),
    );
    // Kept as adopted: its QR code, its stream and its payment follow like any other invoice's.
    const qr = await fetch(`${shop.base}${view.paymentCurrencies[0].qr}`);
    expect(qr.status).toBe(200);
    await control(bitpay.sandbox, `invoices/${made.id}/pay`, {
      amount: 'full',
      currency: view.paymentCurrencies[0].code,
    });
    await shop.adapter.refresh(made.id);
    const paid = await (await fetch(`${shop.base}/bitpay/invoices/${made.id}`)).json();
    expect(paid.status).toBe('paid');
    // It is no order's invoice: order woo-77 is unknown to the shop, and no status hook fires for it.
    expect((await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'woo-77' })).status).toBe(404);
    expect(shop.events.filter((e) => e.invoiceId === made.id)).toEqual([]);
  });

  it('answers an unknown invoice with 404 INVOICE_NOT_FOUND and an unknown route with 404 NOT_FOUND', async () => {
    const res = await fetch(`${shop.base}/bitpay/invoices/doesNotExist1`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('INVOICE_NOT_FOUND');
    const route = await fetch(`${shop.base}/bitpay/nothing-here`);
    expect(route.status).toBe(404);
    expect((await route.json()).error.code).toBe('NOT_FOUND');
  });
});

describe('GET /invoices/:id/qr.svg', () => {
  it('draws the payment code of the currency as a cacheable SVG', async () => {
    const created = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042' });
    const res = await fetch(`${shop.base}/bitpay/invoices/${created.json.id}/qr.svg?currency=BTC`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(await res.text()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const bad = await fetch(`${shop.base}/bitpay/invoices/${created.json.id}/qr.svg?currency=NOPE1`);
    expect(bad.status).toBe(400);
  });
});

describe('GET /invoices/:id/events', () => {
  it('sends the current view at once, then each change, and closes at a terminal state', async () => {
    const created = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042' });
    const id = created.json.id;
    const stream = readEvents(`${shop.base}/bitpay/invoices/${id}/events`);
    await eventually(() => shop.adapter.store.getInvoice(id));
    await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'full', currency: 'BTC' });
    await control(bitpay.sandbox, `invoices/${id}/status`, { status: 'confirmed' });
    await control(bitpay.sandbox, `invoices/${id}/status`, { status: 'complete' });
    const { events, ended, raw } = await stream;
    expect(raw.startsWith('retry: 3000\n\n')).toBe(true);
    expect(ended).toBe(true);
    expect(events[0]!.data.status).toBe('new');
    expect(events.at(-1)!.data.status).toBe('complete');
    const ids = events.map((e) => e.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resumes after Last-Event-ID with only what is newer', async () => {
    const created = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042' });
    const id = created.json.id;
    const first = await readEvents(`${shop.base}/bitpay/invoices/${id}/events`, { until: (e) => e.length >= 1 });
    const lastId = first.events[0]!.id;
    // Nothing new: the resumed stream stays quiet (a heartbeat-only stream) until a change.
    const resumed = readEvents(`${shop.base}/bitpay/invoices/${id}/events`, {
      headers: { 'last-event-id': String(lastId) },
      until: (e) => e.length >= 1,
    });
    await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'partial', currency: 'BTC' });
    const { events } = await resumed;
    expect(events[0]!.id).toBeGreaterThan(lastId);
    expect(events[0]!.data.exceptionStatus).toBe('paidPartial');
    expect(events[0]!.data.amountDue).toMatch(/^\d+\.\d+$/);
  });
});

describe('POST /ipn', () => {
  it('acknowledges a signed IPN with an empty 200 and applies the re-fetched state', async () => {
    const created = await postJson(`${shop.base}/bitpay/invoices`, { orderId: '1042' });
    const id = created.json.id;
    await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'full', currency: 'BTC' });
    const delivered = await eventually(() =>
      bitpay.sandbox.ipns().find((d) => d.invoiceId === id && d.outcome === 'delivered'),
    );
    expect(delivered.status).toBe(200);
    await eventually(() => shop.events.find((e) => e.invoiceId === id && e.status === 'paid'));
    const event = shop.events.find((e) => e.status === 'paid')!;
    expect(event).toMatchObject({ idempotencyKey: `${id}:paid`, orderId: '1042', previousStatus: 'new' });
    expect(event.invoice.status).toBe('paid');
  });
});

describe('GET /healthz and /checkout.js', () => {
  it('reports health', async () => {
    const res = await fetch(`${shop.base}/bitpay/healthz`);
    expect(await res.json()).toEqual({ ok: true });
  });
});
