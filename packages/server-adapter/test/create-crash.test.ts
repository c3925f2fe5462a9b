// Invariant 3 through crashes and timeouts: the order's guid is stored before BitPay is called and kept until
// an invoice is attached, so a retry, or the process restarted after kill -9, finds (by guid) the invoice BitPay
// made instead of making a second one. A real sandbox behind a real 127.0.0.1 proxy that holds BitPay's answer.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sqliteStore } from '../src/store/sqlite.js';
import { type BitPayProxy, startBitPayProxy } from './bitpay-proxy.js';
import { eventually, postJson } from './harness.js';
import { useBitPay } from './hooks.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const bitpay = useBitPay();
let proxy: BitPayProxy;
let dir: string;

beforeAll(async () => {
  proxy = await startBitPayProxy(bitpay.sandbox.url);
  dir = mkdtempSync(join(tmpdir(), 'bpc-create-crash-'));
});
afterEach(() => {
  proxy.requests.length = 0;
});
afterAll(async () => {
  await proxy.close();
  rmSync(dir, { recursive: true, force: true });
});

const isCreate = (r: { method: string; path: string }) => r.method === 'POST' && r.path === '/invoices';

/** The invoices BitPay (the sandbox) holds for an order. */
async function invoicesAtBitPay(orderId: string): Promise<{ id: string; guid?: string }[]> {
  const all = (await (await fetch(`${bitpay.sandbox.url}sandbox/invoices`)).json()).data as {
    id: string;
    orderId: string;
  }[];
  return all.filter((i) => i.orderId === orderId);
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

function startChild(port: number, environment: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@bitpay-checkout/source', '--import', 'tsx', join(here, 'fixtures/adapter-child.ts')],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        SHOP_PORT: String(port),
        SANDBOX_URL: environment,
        KEY_HEX: bitpay.creds.key.privateKeyHex,
        MERCHANT_TOKEN: bitpay.creds.merchant,
        DB_FILE: join(dir, 'shop.sqlite'),
        HOOK_LOG: join(dir, 'hooks.log'),
      },
    },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
  });
}

describe('a crash or a timeout between BitPay’s create and our store', () => {
  it('kill -9 while BitPay holds the create, then restart: the one invoice BitPay made is adopted', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/bitpay`;
    let child = await startChild(port, proxy.url);
    const release = proxy.hold(isCreate);
    // The shopper's request: BitPay makes the invoice, but its answer never reaches the shop.
    const lost = postJson(`${base}/invoices`, { orderId: 'crash-create' }).catch(() => null);
    await eventually(async () => ((await invoicesAtBitPay('crash-create')).length === 1 ? true : undefined));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await lost;
    release();
    const [made] = await invoicesAtBitPay('crash-create');

    child = await startChild(port, proxy.url);
    try {
      // The restarted shop looks the order's stored guid up at BitPay and adopts what it finds.
      const again = await postJson(`${base}/invoices`, { orderId: 'crash-create' });
      expect([200, 201]).toContain(again.status);
      expect(again.json.id).toBe(made!.id);
      expect(await invoicesAtBitPay('crash-create')).toHaveLength(1);
      expect(proxy.requests.some((r) => r.method === 'GET' && r.path.startsWith('/invoices/guid/'))).toBe(true);
      // And it is a live invoice of this shop: its view is served.
      expect((await (await fetch(`${base}/invoices/${made!.id}`)).json()).id).toBe(made!.id);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 60_000);

  it('a retry after BitPay timed out sends the same guid and gets the invoice the first attempt made', async () => {
    const shop = await bitpay.shop({
      environment: proxy.url,
      store: sqliteStore({ file: join(dir, 'retry.sqlite') }),
      timeoutMs: 500,
      maxRetries: 0,
    });
    shop.orders.set('retry', { price: 21, currency: 'USD' });
    const release = proxy.hold(isCreate);
    const first = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'retry' });
    expect(first.status).toBe(503);
    expect(first.json.error.code).toBe('UPSTREAM_UNAVAILABLE');
    release();
    const [made] = await invoicesAtBitPay('retry');
    expect(made).toBeDefined();
    const guid = (await shop.adapter.store.getClaim('retry'))?.guid;
    const second = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'retry' });
    expect(second.status).toBe(201);
    expect(second.json.id).toBe(made!.id);
    expect(await invoicesAtBitPay('retry')).toHaveLength(1);
    expect((await shop.adapter.store.getInvoice(made!.id))?.guid).toBe(guid);
  });

  it('answers a shopper within createDeadlineMs while BitPay hangs, and the retry gets the same invoice', async () => {
    const shop = await bitpay.shop({
      environment: proxy.url,
      store: sqliteStore({ file: join(dir, 'deadline.sqlite') }),
      createDeadlineMs: 500,
    });
    shop.orders.set('slow', { price: 22, currency: 'USD' });
    const release = proxy.hold(isCreate);
    // The create is still held when the shopper is answered (the client would wait up to 15 s × 3).
    const pending = await Promise.race([
      postJson(`${shop.base}/bitpay/invoices`, { orderId: 'slow' }),
      new Promise<null>((r) => setTimeout(() => r(null), 10_000)),
    ]);
    expect(pending).not.toBeNull();
    expect(pending!.status).toBe(503);
    expect(pending!.json.error.code).toBe('INVOICE_PENDING');
    expect(Number(pending!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Retrying meanwhile is answered the same way, and starts no second create.
    const meanwhile = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'slow' });
    expect(meanwhile.json.error.code).toBe('INVOICE_PENDING');
    expect(proxy.requests.filter((r) => isCreate(r))).toHaveLength(1);
    release();
    const done = await eventually(async () => {
      const r = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'slow' });
      return r.status === 200 ? r : undefined;
    });
    const made = await invoicesAtBitPay('slow');
    expect(made).toHaveLength(1);
    expect(done.json.id).toBe(made[0]!.id);
  });
});
