import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeError } from '../src/errors/errors.js';
import { oauthSignedUrl } from '../src/woo/oauth.js';
import { WooClient } from '../src/woo/rest-client.js';
import { type FakeWoo, startFakeWoo } from './fake-woo.js';

let woo: FakeWoo;
beforeAll(async () => {
  woo = await startFakeWoo();
});
afterAll(() => woo.close());

const client = (over: Partial<ConstructorParameters<typeof WooClient>[0]> = {}) =>
  new WooClient({ url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, ...over });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(BridgeError);
    return (err as BridgeError).code;
  }
  throw new Error('expected a rejection');
}

describe('WooCommerce REST v3 over http (OAuth 1.0a one-legged)', () => {
  it('reads, updates and annotates an order', async () => {
    const order = woo.addOrder({ total: '12.00' });
    const c = client();
    expect(await c.getOrder(order.id)).toMatchObject({ id: order.id, status: 'pending', total: '12.00' });
    const updated = await c.updateOrder(order.id, {
      status: 'on-hold',
      meta_data: [{ key: '_bitpay_checkout_invoice_id', value: 'Inv1' }],
    });
    expect(updated.status).toBe('on-hold');
    expect(woo.meta(order, '_bitpay_checkout_invoice_id')).toBe('Inv1');
    await c.addNote(order.id, 'hello');
    expect(order.notes.map((n) => n.note)).toEqual(['Order status changed from Pending payment to On hold.', 'hello']);
  });

  it('is refused with a wrong secret, and says so without the key or secret', async () => {
    const order = woo.addOrder();
    const secret = 'cs_wrong_wrong_wrong_wrong';
    try {
      await client({ consumerSecret: secret }).getOrder(order.id);
      throw new Error('expected a rejection');
    } catch (err) {
      expect((err as BridgeError).code).toBe('WOO_AUTH_FAILED');
      expect(String((err as Error).message)).not.toContain(secret);
      expect(String((err as Error).message)).not.toContain(woo.consumerKey);
    }
  });

  it('is refused when the clock is off by more than 15 minutes', async () => {
    const order = woo.addOrder();
    const skewed = client({ nowSeconds: () => Math.floor(Date.now() / 1000) - 16 * 60 });
    expect(await codeOf(skewed.getOrder(order.id))).toBe('WOO_AUTH_FAILED');
    const fine = client({ nowSeconds: () => Math.floor(Date.now() / 1000) - 14 * 60 });
    expect((await fine.getOrder(order.id)).id).toBe(order.id);
  });

  it('signs each request with a new nonce: a replayed signed URL is refused', async () => {
    const order = woo.addOrder();
    const url = oauthSignedUrl({
      method: 'GET',
      url: `${woo.url}/wp-json/wc/v3/orders/${order.id}`,
      consumerKey: woo.consumerKey,
      consumerSecret: woo.consumerSecret,
      timestamp: Math.floor(Date.now() / 1000),
    });
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url)).status).toBe(401);
  });

  it('signs query parameters too, with reserved characters encoded as WooCommerce expects', async () => {
    const order = woo.addOrder();
    const got = await client().request<{ id: number }>(
      'GET',
      `/wp-json/wc/v3/orders/${order.id}?context=view&_fields=id,status&x=${encodeURIComponent("a b!*'()~")}`,
    );
    expect(got.id).toBe(order.id);
  });

  it('maps answers to stable codes', async () => {
    expect(await codeOf(client().getOrder(999_999))).toBe('ORDER_NOT_FOUND');
    expect(await codeOf(client().request('GET', '/wp-json/wc/v3/nothing'))).toBe('WOO_ERROR');
    woo.failWith = 500;
    try {
      expect(await codeOf(client().getOrder(1))).toBe('WOO_ERROR');
    } finally {
      woo.failWith = null;
    }
    expect(await codeOf(client({ url: 'http://127.0.0.1:9' }).getOrder(1))).toBe('WOO_UNREACHABLE');
  });

  it('sends HTTP Basic, never OAuth, over https', async () => {
    let seen: { url: string; auth: string | null } | undefined;
    const fakeFetch: typeof fetch = async (input, init) => {
      seen = { url: String(input), auth: new Headers(init?.headers).get('authorization') };
      return new Response(JSON.stringify({ id: 1 }), { status: 200 });
    };
    await client({ url: 'https://shop.example', fetch: fakeFetch }).getOrder(1);
    expect(seen?.url).toBe('https://shop.example/wp-json/wc/v3/orders/1');
    expect(seen?.auth).toBe(`Basic ${Buffer.from(`${woo.consumerKey}:${woo.consumerSecret}`).toString('base64')}`);
  });
});
