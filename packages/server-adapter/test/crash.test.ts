import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sandbox } from '@bitpay-checkout/bitpay-sandbox';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, control, eventually, postJson, startBitPay } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

let sandbox: Sandbox;
let creds: Credentials;
let dir: string;

beforeAll(async () => {
  ({ sandbox, creds } = await startBitPay());
  dir = mkdtempSync(join(tmpdir(), 'bpc-crash-'));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

function startChild(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@bitpay-checkout/source', '--import', 'tsx', join(here, 'fixtures/adapter-child.ts')],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        SHOP_PORT: String(port),
        SANDBOX_URL: sandbox.url,
        KEY_HEX: creds.key.privateKeyHex,
        MERCHANT_TOKEN: creds.merchant,
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

describe('invariant 5: an acknowledged IPN is never lost', () => {
  it('recovers from kill -9 in the middle of an IPN burst and applies each hook key once', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/bitpay`;
    let child = await startChild(port);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await postJson(`${base}/invoices`, { orderId: `crash-${i}` });
      expect(res.status).toBe(201);
      ids.push(res.json.id);
    }
    // The burst: every invoice paid, confirmed and completed as fast as the sandbox goes.
    const burst = (async () => {
      for (const id of ids) await control(sandbox, `invoices/${id}/pay`, { amount: 'full', currency: 'BTC' });
      for (const id of ids) await control(sandbox, `invoices/${id}/status`, { status: 'confirmed' });
      for (const id of ids) await control(sandbox, `invoices/${id}/status`, { status: 'complete' });
    })();
    await eventually(() => sandbox.ipns().filter((d) => d.outcome === 'delivered').length >= 4, 20_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await burst;
    const acknowledged = sandbox.ipns().filter((d) => d.outcome === 'delivered').length;
    expect(acknowledged).toBeGreaterThanOrEqual(4);

    child = await startChild(port);
    try {
      // BitPay retries what failed while the shop was down (1 min later on its schedule).
      await sandbox.clock.advance(61_000);
      const possible = new Set(ids.flatMap((id) => [`${id}:paid`, `${id}:confirmed`, `${id}:complete`]));
      const log = () => readFileSync(join(dir, 'hooks.log'), 'utf8').trim().split('\n');
      const appliedKeys = () =>
        log()
          .filter((l) => l.startsWith('applied '))
          .map((l) => l.slice(8));
      // Every invoice's final state reaches the merchant (intermediate ones may be skipped: the adapter
      // acts on the state it re-fetches, and after the restart that is already "complete").
      await eventually(() => ids.every((id) => appliedKeys().includes(`${id}:complete`)) || undefined, 60_000);
      const applied = appliedKeys();
      expect(new Set(applied).size).toBe(applied.length);
      for (const key of applied) expect(possible.has(key)).toBe(true);
      // At least once: only the hook running when the process died may have run twice.
      const deliveries = log()
        .filter((l) => l.startsWith('delivery '))
        .map((l) => l.slice(9));
      expect(deliveries.length - new Set(deliveries).size).toBeLessThanOrEqual(1);
      // Per invoice, the keys arrive in forward order.
      const rank = { paid: 0, confirmed: 1, complete: 2 } as Record<string, number>;
      for (const id of ids) {
        const order = applied.filter((k) => k.startsWith(`${id}:`)).map((k) => rank[k.split(':')[1]!]!);
        expect([...order].sort()).toEqual(order);
      }
      for (const id of ids) {
        const view = await (await fetch(`${base}/invoices/${id}`)).json();
        expect(view.status).toBe('complete');
      }
      // Every IPN the shop answered 200 to was followed by a read of its invoice (each one above ends complete),
      // and the journal, which keeps only what is still to be read, is empty once all is applied.
      await eventually(() => {
        const d = new Database(join(dir, 'shop.sqlite'), { readonly: true });
        const open = (d.prepare('SELECT count(*) AS n FROM ipn_pending').get() as { n: number }).n;
        d.close();
        return open === 0 || undefined;
      });
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 120_000);
});
