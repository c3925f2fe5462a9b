import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from './harness.js';

let demo: Awaited<ReturnType<typeof startDemo>>;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  await demo?.close();
});

async function createOrder(items: unknown) {
  const res = await fetch(`${demo.base}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('the store contract for scripts', () => {
  it('lists products with ids and prices', async () => {
    const products = (await (await fetch(`${demo.base}/api/products`)).json()) as { id: string; price: number }[];
    expect(products.length).toBeGreaterThanOrEqual(3);
    expect(products.map((p) => p.id)).toContain('tee');
    expect(products.every((p) => p.price > 0)).toBe(true);
  });

  it('prices orders from the catalogue, whatever the body says', async () => {
    const { status, body } = await createOrder([{ productId: 'tee', quantity: 2, price: 0.01, priceCents: 1 }]);
    expect(status).toBe(201);
    expect(body.total).toBe(50);
  });

  it('refuses unknown products and bad quantities with a code', async () => {
    expect((await createOrder([{ productId: 'nope', quantity: 1 }])).body).toMatchObject({
      error: { code: 'UNKNOWN_PRODUCT' },
    });
    for (const items of [[], 'tee', [{ productId: 'tee', quantity: 0 }], [{ productId: 'tee', quantity: 1.5 }]]) {
      const r = await createOrder(items);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'INVALID_ITEMS' } });
    }
  });

  it('answers malformed JSON with a 400, not a 500', async () => {
    const res = await fetch(`${demo.base}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"items": [',
    });
    expect(res.status).toBe(400);
  });

  it('serves the order page with the element and the adapter script, under a strict CSP', async () => {
    const { body } = await createOrder([{ productId: 'mug', quantity: 1 }]);
    const res = await fetch(`${demo.base}/orders/${body.id}`);
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(page).toContain(`<bitpay-checkout order-id="${body.id}"`);
    expect(page).toContain('src="/bitpay/checkout.js"');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe');
  });

  it('creates the invoice for an order through the adapter at the catalogue price', async () => {
    const { body } = await createOrder([{ productId: 'stickers', quantity: 3 }]);
    const res = await fetch(`${demo.base}/bitpay/invoices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: body.id, price: 0.01 }),
    });
    // The adapter refuses unknown fields rather than silently ignoring a price.
    expect(res.status).toBe(400);
    const ok = await fetch(`${demo.base}/bitpay/invoices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: body.id }),
    });
    const invoice = (await ok.json()) as { price: number; currency: string; orderId: string; status: string };
    expect([200, 201]).toContain(ok.status);
    expect(invoice).toMatchObject({ price: 14.97, currency: 'USD', orderId: body.id, status: 'new' });
  });

  it('keeps the admin behind a password', async () => {
    expect((await fetch(`${demo.base}/admin`)).status).toBe(401);
    expect((await fetch(`${demo.base}/admin`, { headers: { authorization: demo.adminAuth } })).status).toBe(200);
  });

  it('shows a 404 page for an unknown order', async () => {
    expect((await fetch(`${demo.base}/orders/does-not-exist`)).status).toBe(404);
  });
});
