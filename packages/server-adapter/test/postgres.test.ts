import type { Sandbox } from '@bitpay-checkout/bitpay-sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../src/store/postgres.js';
import {
  type Credentials,
  control,
  eventually,
  postJson,
  readEvents,
  startBitPay,
  startShop,
  type TestShop,
} from './harness.js';
import { dropSchema, freshSchema, PG_URL, pgOrSkip } from './pg.js';

const available = await pgOrSkip();

describe.skipIf(!available)('invariant 7: instances on one PostgreSQL behave as one', () => {
  let sandbox: Sandbox;
  let creds: Credentials;
  let schema: string;
  const shops: TestShop[] = [];
  let invoiceGets = 0;
  const counting: typeof fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if ((init?.method ?? 'GET') === 'GET' && /\/invoices\/[A-Za-z0-9]+\?/.test(url)) invoiceGets++;
    return fetch(input, init);
  };

  async function pair(refreshIntervalMs: number): Promise<[TestShop, TestShop]> {
    for (let i = 0; i < 2; i++) {
      const shop = await startShop(sandbox, creds, {
        store: postgresStore({ connectionString: PG_URL, schema }),
        refreshIntervalMs,
        fetch: counting,
      });
      shop.orders.set('P1', { price: 30, currency: 'USD' });
      shop.orders.set('P2', { price: 31, currency: 'USD' });
      shop.orders.set('P3', { price: 32, currency: 'USD' });
      shops.push(shop);
    }
    return [shops.at(-2)!, shops.at(-1)!];
  }

  beforeAll(async () => {
    ({ sandbox, creds } = await startBitPay());
    schema = freshSchema('bpc_two');
  });
  afterEach(async () => {
    for (const s of shops.splice(0)) await s.close();
  });
  afterAll(async () => {
    await sandbox.close();
    await dropSchema(schema);
  });

  it('shows a watcher on one instance the IPN the other took, and runs each hook key once overall', async () => {
    const [a, b] = await pair(60_000);
    const created = await postJson(`${a.base}/bitpay/invoices`, { orderId: 'P1' });
    const id: string = created.json.id;
    // B never polls BitPay here (60 s interval): what it streams comes through PostgreSQL.
    const stream = readEvents(`${b.base}/bitpay/invoices/${id}/events`, {
      until: (events) => events.some((e) => e.data.status === 'paid'),
    });
    await eventually(() => b.adapter.store.getInvoice(id));
    await control(sandbox, `invoices/${id}/pay`, { amount: 'full', currency: 'BTC' });
    const { events } = await stream;
    expect(events.at(-1)!.data.status).toBe('paid');
    const ipn = sandbox.ipns().find((d) => d.invoiceId === id && d.outcome === 'delivered');
    expect(ipn?.url.startsWith(a.base)).toBe(true);
    await eventually(() => [...a.events, ...b.events].some((e) => e.status === 'paid') || undefined);
    // Replays to both instances add no deliveries.
    await Promise.all(
      [a, b].map((s) => fetch(`${s.base}/bitpay/ipn`, { method: 'POST', body: ipn!.body, headers: ipn!.headers })),
    );
    await Promise.all([a.adapter.idle(), b.adapter.idle()]);
    await new Promise((r) => setTimeout(r, 300));
    const keys = [...a.events, ...b.events].map((e) => e.idempotencyKey);
    expect(keys).toEqual([`${id}:paid`]);
  });

  it('makes one invoice for 50 concurrent creates split over both instances', async () => {
    const [a, b] = await pair(60_000);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postJson(`${(i % 2 ? a : b).base}/bitpay/invoices`, { orderId: 'P2' })),
    );
    expect(new Set(results.map((r) => r.json.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const all = (await (await fetch(`${sandbox.url}sandbox/invoices`)).json()).data as { orderId: string }[];
    expect(all.filter((i) => i.orderId === 'P2')).toHaveLength(1);
  });

  it('polls BitPay once per interval per invoice however many watchers on however many instances', async () => {
    const [a, b] = await pair(300);
    const created = await postJson(`${a.base}/bitpay/invoices`, { orderId: 'P3' });
    const id: string = created.json.id;
    const stop = new AbortController();
    const watchers = Array.from({ length: 10 }, (_, i) =>
      readEvents(`${(i % 2 ? a : b).base}/bitpay/invoices/${id}/events`, { signal: stop.signal }),
    );
    invoiceGets = 0;
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 2100));
    const elapsed = Date.now() - started;
    const polls = invoiceGets;
    stop.abort();
    await Promise.all(watchers);
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(polls).toBeLessThanOrEqual(Math.floor(elapsed / 300) + 2);
  });
});
