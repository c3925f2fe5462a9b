import { once } from 'node:events';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { Sandbox } from '@bitpay-checkout/bitpay-sandbox';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleRouter, resolveBundleDir } from '../src/bundle/bundle-route.js';
import { checkoutErrorHandler } from '../src/http/error-handler.js';
import { silentLogger } from '../src/log/logger.js';
import { type Credentials, postJson, readEvents, startBitPay, startShop, type TestShop } from './harness.js';

let sandbox: Sandbox;
let creds: Credentials;
const shops: TestShop[] = [];
const temp: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temp.push(d);
  return d;
};

beforeAll(async () => {
  ({ sandbox, creds } = await startBitPay());
});
afterEach(async () => {
  for (const s of shops.splice(0)) await s.close();
});
afterAll(async () => {
  await sandbox.close();
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

async function shop(extra: Parameters<typeof startShop>[2] = {}) {
  const s = await startShop(sandbox, creds, extra);
  s.orders.set('o1', { price: 9, currency: 'USD' });
  shops.push(s);
  return s;
}

describe('allowedOrigins (CORS)', () => {
  it('lets same-origin requests through', async () => {
    const s = await shop();
    const res = await postJson(`${s.base}/bitpay/invoices`, { orderId: 'o1' }, { origin: s.base });
    expect(res.status).toBe(201);
  });

  it('refuses other origins with 403 ORIGIN_NOT_ALLOWED', async () => {
    const s = await shop();
    const res = await postJson(`${s.base}/bitpay/invoices`, { orderId: 'o1' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(await s.adapter.store.latestInvoiceForOrder('o1')).toBeNull();
  });

  it('answers preflights and requests of an allowed origin with its CORS headers', async () => {
    const s = await shop({ allowedOrigins: ['https://shop.example'] });
    const pre = await fetch(`${s.base}/bitpay/invoices`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
    const res = await postJson(`${s.base}/bitpay/invoices`, { orderId: 'o1' }, { origin: 'https://shop.example' });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('does not apply to BitPay’s IPN route', async () => {
    const s = await shop();
    const res = await fetch(`${s.base}/bitpay/ipn`, {
      method: 'POST',
      body: '{}',
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(400);
  });
});

describe('rateLimit', () => {
  it('answers 429 RATE_LIMITED with Retry-After once an IP used up its creates', async () => {
    const s = await shop({ rateLimit: { create: 3, events: 100, windowMs: 60_000 } });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof postJson>> | undefined;
    for (let i = 1; i <= 5; i++) {
      s.orders.set(`o${i}`, { price: 10, currency: 'USD' });
      last = await postJson(`${s.base}/bitpay/invoices`, { orderId: `o${i}` });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect(last!.json.error.code).toBe('RATE_LIMITED');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits status reads and streams separately from creates', async () => {
    const s = await shop({ rateLimit: { create: 10, events: 2, windowMs: 60_000 } });
    const created = await postJson(`${s.base}/bitpay/invoices`, { orderId: 'o1' });
    const reads = [];
    for (let i = 0; i < 3; i++) reads.push((await fetch(`${s.base}/bitpay/invoices/${created.json.id}`)).status);
    expect(reads).toEqual([200, 200, 429]);
    expect((await postJson(`${s.base}/bitpay/invoices`, { orderId: 'o1' })).status).toBe(200);
  });
});

describe('security headers and caching', () => {
  it('sends nosniff, no-referrer, no framing, and no-store on API answers', async () => {
    const s = await shop();
    const res = await postJson(`${s.base}/bitpay/invoices`, { orderId: 'o1' });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('keeps nosniff on event streams, and the full set on their error answers', async () => {
    const s = await shop();
    const unknown = await fetch(`${s.base}/bitpay/invoices/${'Z'.repeat(22)}/events`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-frame-options')).toBe('DENY');
    expect(unknown.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(unknown.headers.get('referrer-policy')).toBe('no-referrer');
    const created = await postJson(`${s.base}/bitpay/invoices`, { orderId: 'o1' });
    const controller = new AbortController();
    const stream = await fetch(`${s.base}/bitpay/invoices/${created.json.id}/events`, { signal: controller.signal });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('x-content-type-options')).toBe('nosniff');
    expect(stream.headers.get('cache-control')).toBe('no-store');
    controller.abort();
  });
});

describe('GET /checkout.js', () => {
  it('serves the element bundle and its chunks, cacheable, as JavaScript', async () => {
    const dir = tempDir('bpc-bundle-');
    writeFileSync(join(dir, 'checkout.js'), 'import("./checkout/fr.js");');
    mkdirSync(join(dir, 'checkout'));
    writeFileSync(join(dir, 'checkout', 'fr.js'), 'export default {};');
    const s = await shop({ bundleDir: dir });
    const main = await fetch(`${s.base}/bitpay/checkout.js`);
    expect(main.status).toBe(200);
    expect(main.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(main.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(main.headers.get('etag')).toBeTruthy();
    expect(await main.text()).toContain('checkout/fr.js');
    const chunk = await fetch(`${s.base}/bitpay/checkout/fr.js`);
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('content-type')).toMatch(/javascript/);
    const traversal = await fetch(`${s.base}/bitpay/checkout/..%2f..%2fetc%2fpasswd`);
    expect(traversal.status).toBeGreaterThanOrEqual(400);
    expect(traversal.status).toBeLessThan(500);
  });

  it('serves the precompressed brotli or gzip copy the browser accepts, varying on Accept-Encoding', async () => {
    const dir = tempDir('bpc-bundle-');
    const main = `export const x = ${JSON.stringify('a'.repeat(2000))};`;
    const classic = 'window.bitpay = {};';
    const chunk = 'export default { a: 1 };';
    mkdirSync(join(dir, 'checkout', '0123abcd'), { recursive: true });
    for (const [name, text] of [
      ['checkout.js', main],
      ['bitpay.js', classic],
      ['checkout/0123abcd/de.js', chunk],
    ] as const) {
      writeFileSync(join(dir, name), text);
      writeFileSync(join(dir, `${name}.gz`), gzipSync(text));
      writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text));
    }
    const s = await shop({ bundleDir: dir });
    /** A raw GET (fetch would decode the body and hide the encoding). */
    const raw = (path: string, acceptEncoding: string) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
        (ok, fail) => {
          get(`${s.base}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
            const parts: Buffer[] = [];
            res.on('data', (d: Buffer) => parts.push(d));
            res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
          }).on('error', fail);
        },
      );
    const br = await raw('/bitpay/checkout.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toMatch(/^text\/javascript/);
    expect(br.headers.etag).toBeTruthy();
    expect(br.headers['cache-control']).not.toMatch(/immutable/);
    expect(brotliDecompressSync(br.body).toString()).toBe(main);
    expect(br.body.length).toBeLessThan(main.length / 10);
    const gz = await raw('/bitpay/checkout.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(main);
    const refused = await raw('/bitpay/checkout.js', 'br;q=0, identity');
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString()).toBe(main);
    const dropIn = await raw('/bitpay/bitpay.js', 'br');
    expect(dropIn.status).toBe(200);
    expect(brotliDecompressSync(dropIn.body).toString()).toBe(classic);
    const hashed = await raw('/bitpay/checkout/0123abcd/de.js', 'gzip');
    expect(gunzipSync(hashed.body).toString()).toBe(chunk);
    expect(hashed.headers['cache-control']).toMatch(/immutable/);
    expect(hashed.headers.vary).toMatch(/accept-encoding/i);
    expect((await raw('/bitpay/checkout/0123abcd/de.js.br', 'br')).status).toBe(404);
    expect((await raw('/bitpay/checkout/..%2f..%2fcheckout.js', 'br')).status).toBe(404);
  });

  it('finds the element package where the application installed it, without depending on it', () => {
    const app = tempDir('bpc-app-');
    const pkg = join(app, 'node_modules', '@bitpay-checkout', 'checkout-element');
    mkdirSync(join(pkg, 'dist', 'bundle'), { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({
        name: '@bitpay-checkout/checkout-element',
        exports: { './bundle': './dist/bundle/checkout.js' },
      }),
    );
    writeFileSync(join(pkg, 'dist', 'bundle', 'checkout.js'), '');
    const fromApp = pathToFileURL(join(app, 'server.js')).href;
    expect(resolveBundleDir([fromApp])).toBe(join(realpathSync(pkg), 'dist', 'bundle'));
  });

  it('answers 503 BUNDLE_MISSING naming the package to install when the element is not installed', async () => {
    const app = express().use('/bitpay', bundleRouter(null), checkoutErrorHandler(silentLogger));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/bitpay/checkout.js`);
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.error.code).toBe('BUNDLE_MISSING');
      expect(body.error.message).toContain('npm install @bitpay-checkout/checkout-element');
    } finally {
      server.close();
    }
  });

  it('answers 503 BUNDLE_MISSING when the element was not built', async () => {
    const s = await shop({ bundleDir: tempDir('bpc-nobundle-') });
    const res = await fetch(`${s.base}/bitpay/checkout.js`);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.code).toBe('BUNDLE_MISSING');
    expect(body.error.message).toMatch(/build/);
  });
});

describe('SSE heartbeats', () => {
  it('sends a comment line on the heartbeat interval', async () => {
    const s = await shop({ heartbeatIntervalMs: 100 });
    const created = await postJson(`${s.base}/bitpay/invoices`, { orderId: 'o1' });
    const stop = new AbortController();
    const done = readEvents(`${s.base}/bitpay/invoices/${created.json.id}/events`, { signal: stop.signal });
    await new Promise((r) => setTimeout(r, 1500));
    stop.abort();
    const { raw } = await done;
    expect(raw).toContain(': heartbeat\n\n');
  });
});
