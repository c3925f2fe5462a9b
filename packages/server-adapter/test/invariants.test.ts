import { beforeEach, describe, expect, it } from 'vitest';
import { AdapterError } from '../src/errors/errors.js';
import { signIpn } from '../src/ipn/signature.js';
import { control, eventually, postJson, readEvents, type TestShop } from './harness.js';
import { useBitPay } from './hooks.js';

const bitpay = useBitPay();
let shop: TestShop;

beforeEach(async () => {
  shop = await bitpay.shop({ refreshIntervalMs: 200 });
  shop.orders.set('A1', {
    price: 40,
    currency: 'USD',
    itemDesc: 'Tea',
    buyer: { name: 'Private Person', email: 'private.person@example.com' },
  });
});

async function sandboxInvoice(id: string) {
  const res = await fetch(`${bitpay.sandbox.url}sandbox/invoices/${id}`);
  return (await res.json()).data;
}

describe('invariant 1: the key and tokens never leave the server', () => {
  it('keeps them out of every response, header, stream, log line and error', async () => {
    const secrets = [bitpay.creds.key.privateKeyHex, bitpay.creds.merchant];
    const seen: string[] = [];
    const keep = async (res: Response) => {
      seen.push(JSON.stringify([...res.headers]), await res.text());
    };
    const created = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'A1' });
    seen.push(created.text, JSON.stringify([...created.headers]));
    const id = created.json.id;
    const upstream = await sandboxInvoice(id);
    // The invoice's own resource token and the merchant's IPN URL are secrets of the server too.
    secrets.push(upstream.token, `${shop.base}/bitpay/ipn`);
    await keep(await fetch(`${shop.base}/bitpay/invoices/${id}`));
    await keep(await fetch(`${shop.base}/bitpay/invoices/${id}/qr.svg?currency=BTC`));
    await keep(await fetch(`${shop.base}/bitpay/invoices/nope`));
    await keep(await fetch(`${shop.base}/bitpay/healthz`));
    await keep(
      await fetch(`${shop.base}/bitpay/ipn`, {
        method: 'POST',
        body: JSON.stringify({ id }),
        headers: { 'x-signature': 'forged' },
      }),
    );
    const stream = readEvents(`${shop.base}/bitpay/invoices/${id}/events`);
    await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'full', currency: 'BTC' });
    await control(bitpay.sandbox, `invoices/${id}/status`, { status: 'complete' });
    seen.push((await stream).raw);
    await eventually(() => shop.events.find((e) => e.status === 'complete'));
    seen.push(JSON.stringify(shop.events));
    // Errors the merchant's code sees.
    const refundError = await shop.adapter.refund('A1', { amount: 1e9 }).catch((e: unknown) => e);
    expect(refundError).toBeInstanceOf(AdapterError);
    seen.push(String(refundError), JSON.stringify(refundError), (refundError as Error).stack ?? '');
    // An upstream failure (BitPay unreachable) surfaces without the URL's token.
    const offline = await bitpay.shop({
      environment: 'http://127.0.0.1:9/',
      maxRetries: 0,
      timeoutMs: 2000,
    });
    offline.orders.set('X', { price: 1, currency: 'USD' });
    const failed = await postJson(`${offline.base}/bitpay/invoices`, { orderId: 'X' });
    expect(failed.status).toBe(503);
    expect(failed.json.error.code).toBe('UPSTREAM_UNAVAILABLE');
    seen.push(failed.text, ...offline.logger.lines);
    seen.push(...shop.logger.lines);
    const all = seen.join('\n');
    for (const s of secrets) expect(all).not.toContain(s);
    // No buyer data the shopper did not type.
    expect(all).not.toContain('private.person@example.com');
    expect(all).not.toContain('Private Person');
    expect(created.json).not.toHaveProperty('token');
    expect(created.json).not.toHaveProperty('notificationURL');
    expect(created.json).not.toHaveProperty('buyer');
  });
});

describe('invariant 2: price and currency come only from resolveOrder', () => {
  it('rejects a price in the body and ignores one in the query or headers', async () => {
    const withPrice = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'A1', price: 0.01, currency: 'BTC' });
    expect(withPrice.status).toBe(400);
    expect(withPrice.json.error.code).toBe('INVALID_REQUEST');
    expect(await shop.adapter.store.latestInvoiceForOrder('A1')).toBeNull();
    const sneaky = await postJson(
      `${shop.base}/bitpay/invoices?price=0.01&currency=BTC`,
      { orderId: 'A1' },
      { 'x-price': '0.01' },
    );
    expect(sneaky.status).toBe(201);
    expect(sneaky.json).toMatchObject({ price: 40, currency: 'USD' });
    const upstream = await sandboxInvoice(sneaky.json.id);
    expect(upstream).toMatchObject({ price: 40, currency: 'USD', orderId: 'A1' });
  });
});

describe('invariant 3: at most one open invoice per order', () => {
  it('answers 50 concurrent creates for one order with one invoice', async () => {
    // An order id no other test used: the sandbox is shared by this file.
    shop.orders.set('C50', { price: 12, currency: 'EUR' });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => postJson(`${shop.base}/bitpay/invoices`, { orderId: 'C50' })),
    );
    const ids = new Set(results.map((r) => r.json.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(49);
    const all = (await (await fetch(`${bitpay.sandbox.url}sandbox/invoices`)).json()).data as { orderId: string }[];
    expect(all.filter((i) => i.orderId === 'C50')).toHaveLength(1);
  });
});

describe('invariant 4: status only moves forward; replayed, late and forged IPNs change nothing', () => {
  async function paidThrough(statuses: ('confirmed' | 'complete')[]) {
    const created = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'A1' });
    const id: string = created.json.id;
    await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'full', currency: 'BTC' });
    await eventually(() => shop.events.find((e) => e.status === 'paid'));
    for (const status of statuses) {
      await control(bitpay.sandbox, `invoices/${id}/status`, { status });
      await eventually(() => shop.events.find((e) => e.status === status));
    }
    return id;
  }

  it('gives each duplicated IPN exactly one transition', async () => {
    const id = await paidThrough(['confirmed', 'complete']);
    const deliveries = bitpay.sandbox.ipns().filter((d) => d.invoiceId === id && d.outcome === 'delivered');
    expect(deliveries.length).toBeGreaterThanOrEqual(3);
    // Every IPN again, five times each, all at once, validly signed.
    const replies = await Promise.all(
      deliveries.flatMap((d) =>
        Array.from({ length: 5 }, () =>
          fetch(`${shop.base}/bitpay/ipn`, { method: 'POST', body: d.body, headers: d.headers }).then((r) => r.status),
        ),
      ),
    );
    expect(replies.every((s) => s === 200)).toBe(true);
    await shop.adapter.idle();
    const keys = shop.events.map((e) => e.idempotencyKey);
    expect(keys).toEqual([`${id}:paid`, `${id}:confirmed`, `${id}:complete`]);
    expect((await shop.adapter.store.getInvoice(id))?.status).toBe('complete');
  });

  it('ignores a late IPN that would move the status back', async () => {
    const id = await paidThrough(['complete']);
    const paidIpn = bitpay.sandbox.ipns().find((d) => d.invoiceId === id && d.event?.name === 'invoice_paidInFull');
    expect(paidIpn).toBeDefined();
    const before = await shop.adapter.store.getInvoice(id);
    const res = await fetch(`${shop.base}/bitpay/ipn`, {
      method: 'POST',
      body: paidIpn!.body,
      headers: paidIpn!.headers,
    });
    expect(res.status).toBe(200);
    await shop.adapter.idle();
    const after = await shop.adapter.store.getInvoice(id);
    expect(after?.status).toBe('complete');
    expect(after?.seq).toBe(before?.seq);
    expect(shop.events.map((e) => e.status)).toEqual(['paid', 'complete']);
  });

  it('rejects a forged signature and gains nothing from an unsigned lie', async () => {
    const created = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'A1' });
    const id: string = created.json.id;
    const lie = JSON.stringify({ event: { code: 1006, name: 'invoice_completed' }, data: { id, status: 'complete' } });
    const forged = await fetch(`${shop.base}/bitpay/ipn`, {
      method: 'POST',
      body: lie,
      headers: { 'content-type': 'application/json', 'x-signature': signIpn(lie, 'not-the-token') },
    });
    expect(forged.status).toBe(401);
    expect((await forged.json()).error.code).toBe('INVALID_SIGNATURE');
    expect(await shop.adapter.store.pendingIpns(10)).toEqual([]);
    // Unsigned: accepted as a hint, but the re-fetched invoice is still new.
    const unsigned = await fetch(`${shop.base}/bitpay/ipn`, {
      method: 'POST',
      body: lie,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(200);
    expect(await unsigned.text()).toBe('');
    await shop.adapter.idle();
    expect((await shop.adapter.store.getInvoice(id))?.status).toBe('new');
    expect(shop.events).toEqual([]);
  });

  it('refuses unsigned IPNs when requireIpnSignature is set', async () => {
    const strict = await bitpay.shop({ requireIpnSignature: true });
    strict.orders.set('S', { price: 3, currency: 'USD' });
    const created = await postJson(`${strict.base}/bitpay/invoices`, { orderId: 'S' });
    const res = await fetch(`${strict.base}/bitpay/ipn`, {
      method: 'POST',
      body: JSON.stringify({ id: created.json.id }),
    });
    expect(res.status).toBe(401);
  });
});

describe('invariant 6: bad input gets a 4xx with a code, never a 5xx or a crash', () => {
  it('survives 10,000 fuzzed requests', async () => {
    const created = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'A1' });
    const id: string = created.json.id;
    let seed = 0x9e3779b9;
    const rand = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const junk = (n: number) =>
      Array.from({ length: n }, () => String.fromCharCode(Math.floor(rand() * 0x2fff))).join('');
    const bodies = [
      () => junk(Math.floor(rand() * 200)),
      () => JSON.stringify({ orderId: pick([null, 1.5, -1, {}, [], '', 'A1\u0000', junk(10), 'x'.repeat(300)]) }),
      () => JSON.stringify({ orderId: 'A1', price: rand() }),
      () => JSON.stringify(pick([null, 1, 'str', [], true])),
      () => JSON.stringify({ event: { code: 1003, name: junk(5) }, data: { id: pick([id, junk(8), 7, null]) } }),
      () => JSON.stringify({ id: pick([id, `${id}x`, '../../etc', '']) }),
      () => '{"a":'.repeat(Math.floor(rand() * 50)),
      () => `{"orderId":"${'\\u'.repeat(3)}"}`,
    ];
    const paths = [
      () => ['POST', '/bitpay/invoices'],
      () => ['POST', '/bitpay/ipn'],
      () => ['GET', `/bitpay/invoices/${encodeURIComponent(junk(6))}`],
      () => ['GET', `/bitpay/invoices/${id}/qr.svg?currency=${encodeURIComponent(junk(4))}`],
      () => ['GET', `/bitpay/invoices/${encodeURIComponent(junk(5))}/events`],
      () => ['GET', `/bitpay/invoices/%E0%A4%A`],
      () => [pick(['PUT', 'DELETE', 'PATCH', 'GET']), `/bitpay/${encodeURIComponent(junk(3))}`],
    ];
    const types = ['application/json', 'text/plain', 'application/json; charset=latin1', 'multipart/form-data', ''];
    const statuses = new Map<number, number>();
    const bad: string[] = [];
    const one = async () => {
      const [method, path] = pick(paths)();
      const headers: Record<string, string> = {};
      const type = pick(types);
      if (type) headers['content-type'] = type;
      if (rand() < 0.2) headers['x-signature'] = junk(10).replace(/[^\x20-\x7e]/g, 'a');
      if (rand() < 0.2) headers.origin = pick(['https://evil.example', 'null', 'not a url']);
      if (rand() < 0.1) headers['content-encoding'] = pick(['gzip', 'br', 'x-unknown']);
      if (rand() < 0.1) headers['last-event-id'] = pick(['-1', '99999999999999999999', 'abc']);
      const res = await fetch(`${shop.base}${path}`, {
        method,
        headers,
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: pick(bodies)() }),
      });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) bad.push(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
      if (res.status >= 400 && !/^\{"error":\{"code":"[A-Z_]+"/.test(text))
        bad.push(`${method} ${path} → ${res.status} without code`);
    };
    const workers = Array.from({ length: 16 }, async (_, w) => {
      for (let i = w; i < 10_000; i += 16) await one();
    });
    await Promise.all(workers);
    expect(bad).toEqual([]);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    expect((await fetch(`${shop.base}/bitpay/healthz`)).status).toBe(200);
  }, 180_000);
});
