// Invariant 9: the IPN route is public and invoice ids are too, so hostile IPNs must cost bounded space and
// bounded BitPay reads. Real sandbox behind a real 127.0.0.1 proxy (which counts BitPay reads), real stores.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signIpn } from '../src/ipn/signature.js';
import { postgresStore } from '../src/store/postgres.js';
import { sqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';
import { type BitPayProxy, invoiceReads, startBitPayProxy } from './bitpay-proxy.js';
import { eventually, postJson } from './harness.js';
import { useBitPay } from './hooks.js';
import { dropSchema, freshSchema, PG_URL, pgOrSkip } from './pg.js';

const bitpay = useBitPay();
const pgAvailable = await pgOrSkip();
let proxy: BitPayProxy;
let dir: string;
const schemas: string[] = [];

beforeAll(async () => {
  proxy = await startBitPayProxy(bitpay.sandbox.url);
  dir = mkdtempSync(join(tmpdir(), 'bpc-ipn-bounded-'));
});
afterEach(() => {
  proxy.requests.length = 0;
});
afterAll(async () => {
  await proxy.close();
  rmSync(dir, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

async function shopWithInvoice(store: Store, orderId: string, extra: Parameters<typeof bitpay.shop>[0] = {}) {
  const shop = await bitpay.shop({ environment: proxy.url, store, ...extra });
  shop.orders.set(orderId, { price: 12, currency: 'USD' });
  const created = await postJson(`${shop.base}/bitpay/invoices`, { orderId });
  expect(created.status).toBe(201);
  await shop.adapter.idle();
  return { shop, id: created.json.id as string };
}

/** An unsigned IPN of about 256 KB (just under the default body limit) naming a known invoice. */
function hostileBody(id: string): string {
  const head = JSON.stringify({ id, pad: '' }).slice(0, -2);
  return `${head}${'x'.repeat(262_000 - head.length - 2)}"}`;
}

/** `total` POSTs over `connections` connections; the statuses that came back. */
async function flood(url: string, body: string, total: number, connections = 16): Promise<number[]> {
  const statuses: number[] = [];
  let sent = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (sent < total) {
        sent++;
        const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
    }),
  );
  return statuses;
}

/** Reads of one invoice start at least a second apart (a few ms of slack for the way to the proxy). */
function expectAtMostOneReadPerSecond(proxyReads: { at: number }[]) {
  for (let i = 1; i < proxyReads.length; i++) {
    expect(proxyReads[i]!.at - proxyReads[i - 1]!.at).toBeGreaterThanOrEqual(990);
  }
}

async function hostileRun(store: Store, orderId: string, size: () => Promise<number>) {
  // Limits off: what bounds the store here is the journal itself (one entry per invoice, covered IPNs unwritten).
  const { shop, id } = await shopWithInvoice(store, orderId, { ipn: { perSource: false, perInvoice: false } });
  const before = await size();
  proxy.requests.length = 0;
  const started = performance.now();
  const statuses = await flood(`${shop.base}/bitpay/ipn`, hostileBody(id), 1000);
  await shop.adapter.idle();
  const elapsed = performance.now() - started;
  const grown = (await size()) - before;
  expect(statuses).toHaveLength(1000);
  expect(statuses.every((s) => s === 200)).toBe(true);
  expect(grown).toBeLessThan(1024 * 1024);
  const reads = invoiceReads(proxy, id);
  expect(reads.length).toBeGreaterThanOrEqual(1);
  expect(reads.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 1);
  expectAtMostOneReadPerSecond(reads);
  // Applied entries are pruned.
  expect(await store.pendingIpns(10)).toEqual([]);
  return { grown, reads: reads.length, elapsed };
}

describe('invariant 9: hostile IPNs cost bounded space and bounded BitPay reads', () => {
  it('SQLite: 1,000 unsigned 256 KB IPNs for a known invoice grow the file + WAL by under 1 MB', async () => {
    const file = join(dir, 'hostile.sqlite');
    const size = async () => [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
    const r = await hostileRun(sqliteStore({ file }), 'hostile-sqlite', size);
    console.log(`[ipn] SQLite: +${r.grown} bytes, ${r.reads} BitPay reads in ${Math.round(r.elapsed)} ms`);
  }, 120_000);

  it.skipIf(!pgAvailable)(
    'PostgreSQL: the same flood grows the tables by under 1 MB',
    async () => {
      const schema = freshSchema('bpc_hostile');
      schemas.push(schema);
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      const size = async () => {
        const r = await client.query<{ n: string }>(
          `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS n FROM pg_class c
         JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind IN ('r', 'S')`,
          [schema],
        );
        return Number(r.rows[0]!.n);
      };
      try {
        const r = await hostileRun(postgresStore({ connectionString: PG_URL, schema }), 'hostile-pg', size);
        console.log(`[ipn] PostgreSQL: +${r.grown} bytes, ${r.reads} BitPay reads in ${Math.round(r.elapsed)} ms`);
      } finally {
        await client.end();
      }
    },
    120_000,
  );

  it('keeps a non-UTF-8 body byte for byte while its read is pending, and prunes it once applied', async () => {
    const file = join(dir, 'bytes.sqlite');
    const { shop, id } = await shopWithInvoice(sqliteStore({ file }), 'bytes');
    // BitPay is slow to answer the read: the entry stays pending meanwhile.
    const release = proxy.hold((r) => r.method === 'GET' && r.path === `/invoices/${id}`);
    const raw = Buffer.concat([
      Buffer.from(`{"event":{"code":1003,"name":"invoice_paidInFull"},"data":{"id":"${id}","buyerName":"`),
      Buffer.from([0x4a, 0xf6, 0x72, 0x67, 0xff, 0xfe]),
      Buffer.from('"}}'),
    ]);
    const res = await fetch(`${shop.base}/bitpay/ipn`, {
      method: 'POST',
      body: raw,
      headers: { 'content-type': 'application/json', 'x-signature': signIpn(raw, bitpay.creds.merchant) },
    });
    expect(res.status).toBe(200);
    const [entry] = await shop.adapter.store.pendingIpns(10);
    expect(entry?.signature).toBe('valid');
    expect(Buffer.from(entry!.body).equals(raw)).toBe(true);
    release();
    await eventually(async () => ((await shop.adapter.store.pendingIpns(10)).length === 0 ? true : undefined));
  });

  it('limits unsigned IPNs per source address (429 + Retry-After) but never a signed one', async () => {
    const { shop, id } = await shopWithInvoice(sqliteStore({ file: join(dir, 'source.sqlite') }), 'per-source', {
      ipn: { perSource: 3 },
    });
    const body = JSON.stringify({ id });
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await fetch(`${shop.base}/bitpay/ipn`, { method: 'POST', body })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await fetch(`${shop.base}/bitpay/ipn`, { method: 'POST', body });
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // BitPay's own (signed) IPN from the same address still gets through.
    const signed = await fetch(`${shop.base}/bitpay/ipn`, {
      method: 'POST',
      body,
      headers: { 'x-signature': signIpn(body, bitpay.creds.merchant) },
    });
    expect(signed.status).toBe(200);
  });

  it('limits unsigned IPNs that need a journal write per invoice; ones a queued read covers are free', async () => {
    const { shop, id } = await shopWithInvoice(sqliteStore({ file: join(dir, 'invoice.sqlite') }), 'per-invoice', {
      ipn: { perInvoice: 2 },
    });
    const release = proxy.hold((r) => r.method === 'GET' && r.path === `/invoices/${id}`);
    const post = async () =>
      (await fetch(`${shop.base}/bitpay/ipn`, { method: 'POST', body: JSON.stringify({ id }) })).status;
    // First: written, its read starts at once (held by the proxy). Second: arrives during that read, so it is
    // written and queues the next read. Third and later: covered by that queued read.
    expect(await post()).toBe(200);
    await eventually(() => (invoiceReads(proxy, id).length === 1 ? true : undefined));
    expect(await post()).toBe(200);
    for (let i = 0; i < 20; i++) expect(await post()).toBe(200);
    release();
    await shop.adapter.idle();
    expect(await shop.adapter.store.pendingIpns(10)).toEqual([]);
    // No read is queued now and the invoice has used its two writes this window: the next one must wait.
    const reads = invoiceReads(proxy, id).length;
    expect(await post()).toBe(429);
    expect(await shop.adapter.store.pendingIpns(10)).toEqual([]);
    expect(invoiceReads(proxy, id).length).toBe(reads);
  });
});
