import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BitPayClient, generateKey, saveKey } from '@bitpay-checkout/bitpay-client';
import { type Sandbox, startSandbox } from '@bitpay-checkout/bitpay-sandbox';
import { memoryStore, silentLogger } from '@bitpay-checkout/server-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { META } from '../src/orders/meta.js';
import { mintReference } from '../src/reference/reference.js';
import { loadConfig } from '../src/server/config.js';
import { type RunningBridge, startBridge } from '../src/server/serve.js';
import { signedHeaders } from '../src/signing/request-signature.js';
import { type FakeOrder, type FakeWoo, startFakeWoo } from './fake-woo.js';

/**
 * The bridge program end to end on 127.0.0.1: a WooCommerce REST stand-in, the BitPay sandbox, and the bridge
 * between them, driven the way the plugin drives it (signed server-to-server calls) and the element does.
 */
const SECRET = 'shared-secret-for-tests-0123456789abcdef';
let woo: FakeWoo;
let sandbox: Sandbox;
let bridge: RunningBridge;
let dir: string;

beforeAll(async () => {
  woo = await startFakeWoo();
  sandbox = await startSandbox({ port: 0, autoApprove: true });
  dir = mkdtempSync(join(tmpdir(), 'woo-bridge-test-'));
  const key = generateKey();
  await saveKey(join(dir, 'key.hex'), key);
  const pairing = await new BitPayClient({ environment: sandbox.url, key }).requestPairing(
    'merchant',
    'woo bridge tests',
  );
  writeFileSync(join(dir, 'tokens.json'), JSON.stringify({ environment: sandbox.url, merchant: pairing.token }));
  const config = loadConfig({
    WOO_URL: woo.url,
    WOO_CONSUMER_KEY: woo.consumerKey,
    WOO_CONSUMER_SECRET: woo.consumerSecret,
    WOO_BRIDGE_SECRET: SECRET,
    BITPAY_ENV: sandbox.url,
    BITPAY_KEY_FILE: join(dir, 'key.hex'),
    BITPAY_TOKENS_FILE: join(dir, 'tokens.json'),
    PORT: '0',
  });
  bridge = await startBridge(config, { logger: silentLogger, store: memoryStore() });
});

afterAll(async () => {
  await bridge?.close();
  await sandbox?.close();
  await woo?.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = () => Math.floor(Date.now() / 1000);

/** A call as the plugin makes it: a fresh nonce in the body, signed with the shared secret. */
async function plugin(path: string, body: object, { at = now(), secret = SECRET } = {}) {
  const json = JSON.stringify({ ...body, nonce: randomBytes(16).toString('hex') });
  const res = await fetch(`${bridge.url}/woo/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedHeaders(secret, json, at) },
    body: json,
  });
  return { status: res.status, json: (await res.json()) as Answer };
}

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What the plugin's routes answer: their fields, or the error envelope. */
type Answer = Record<string, string> & { error: { code: string } };

const ref = (o: FakeOrder) => mintReference(SECRET, o.id, now() + 3600);

describe('the plugin’s signed routes', () => {
  it('refuses unsigned, stale, replayed and wrongly signed calls', async () => {
    const order = woo.addOrder();
    const body = { orderId: order.id, reference: ref(order) };
    const unsigned = await fetch(`${bridge.url}/woo/v1/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as Answer).error.code).toBe('BAD_SIGNATURE');
    expect((await plugin('/payments', body, { at: now() - 301 })).json.error.code).toBe('STALE_REQUEST');
    expect(
      (await plugin('/payments', body, { secret: 'not-the-shared-secret-0123456789abcdef' })).json.error.code,
    ).toBe('BAD_SIGNATURE');
    // The same signed request twice: the second is a replay.
    const json = JSON.stringify({ orderId: order.id, reference: 'x' });
    const headers = { 'content-type': 'application/json', ...signedHeaders(SECRET, json, now()) };
    const first = await fetch(`${bridge.url}/woo/v1/payments`, { method: 'POST', headers, body: json });
    const second = await fetch(`${bridge.url}/woo/v1/payments`, { method: 'POST', headers, body: json });
    expect(first.status).toBe(404);
    expect(((await second.json()) as Answer).error.code).toBe('REPLAYED_REQUEST');
    expect(woo.requests.length).toBe(0);
  });

  it('refuses a reference minted for another order, and unknown fields', async () => {
    const a = woo.addOrder();
    const b = woo.addOrder();
    const r = await plugin('/payments', { orderId: a.id, reference: ref(b) });
    expect([r.status, r.json.error.code]).toEqual([404, 'INVALID_REFERENCE']);
    const bad = await plugin('/payments', { orderId: a.id, reference: ref(a), price: 1 });
    expect([bad.status, bad.json.error.code]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('tests the connection to WooCommerce and BitPay', async () => {
    const r = await plugin('/ping', {});
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      ok: true,
      checks: [
        { name: 'woocommerce', ok: true },
        { name: 'bitpay', ok: true },
      ],
    });
  });
});

describe('an order from checkout to refund', () => {
  it('is paid, confirmed and refunded, with the order following each step', async () => {
    const order = woo.addOrder({ total: '25.50' });
    const reference = ref(order);

    // process_payment: the invoice is made server to server and recorded on the order.
    const created = await plugin('/payments', { orderId: order.id, reference, customerIp: '203.0.113.7' });
    expect(created.status).toBe(201);
    const invoiceId = created.json.invoiceId as string;
    expect(woo.meta(order, META.invoiceId)).toBe(invoiceId);
    // Placing it again gives the same open invoice.
    const again = await plugin('/payments', { orderId: order.id, reference });
    expect([again.status, again.json.invoiceId]).toEqual([200, invoiceId]);

    // The element on the shop's page: same invoice, CORS for the shop's origin only.
    const shop = new URL(woo.url).origin;
    const fromShop = await fetch(`${bridge.url}/bitpay/invoices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: shop },
      body: JSON.stringify({ orderId: reference }),
    });
    expect(fromShop.status).toBe(200);
    expect(fromShop.headers.get('access-control-allow-origin')).toBe(shop);
    const view = (await fromShop.json()) as { id: string; price: number; currency: string };
    expect(view).toMatchObject({ id: invoiceId, price: 25.5, currency: 'USD' });
    const elsewhere = await fetch(`${bridge.url}/bitpay/invoices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ orderId: reference }),
    });
    expect(elsewhere.status).toBe(403);
    // A browser's own order number gets nothing.
    const guessed = await fetch(`${bridge.url}/bitpay/invoices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: String(order.id) }),
    });
    expect(guessed.status).toBe(404);

    // The shopper pays: BitPay's IPN reaches the bridge, the order goes on-hold, then processing once confirmed.
    const paid = await fetch(`${sandbox.url}sandbox/invoices/${invoiceId}/pay`, {
      method: 'POST',
      body: JSON.stringify({ amount: 'full' }),
    });
    expect(paid.status).toBe(200);
    await until('on-hold', () => order.status === 'on-hold');
    await sandbox.clock.advance(10 * 60_000);
    await until('processing', () => order.status === 'processing');
    expect(order.transaction_id).toBe(invoiceId);

    // Refund from the admin: the plugin asks the bridge, BitPay's refund follows, the order ends refunded.
    const refund = await plugin('/refunds', { orderId: order.id, amount: '25.50', reason: 'changed mind' });
    expect(refund.status).toBe(201);
    expect(refund.json).toMatchObject({ invoiceId, currency: 'USD' });
    expect(Number(refund.json.amount)).toBe(25.5);
    const second = await plugin('/refunds', { orderId: order.id, amount: '1.00' });
    expect([second.status, second.json.error.code]).toEqual([409, 'REFUND_NOT_ALLOWED']);
    const done = await fetch(`${sandbox.url}sandbox/refunds/${refund.json.refundId}/status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'success' }),
    });
    expect(done.status).toBe(200);
    await until('refunded', () => order.status === 'refunded');
    const notes = order.notes.filter((n) => n.added_by_user).map((n) => n.note);
    expect(notes).toEqual([
      expect.stringMatching(/payment received .* awaiting confirmation/),
      expect.stringMatching(/payment confirmed/),
      ...notes.slice(2, -1),
      expect.stringMatching(new RegExp(`^BitPay refunded 25\\.50? USD \\(invoice ${invoiceId}\\)\\.$`)),
    ]);
  });

  it('replaces an expired invoice when the order is placed again; a late payment on the old one changes nothing', async () => {
    const order = woo.addOrder({ total: '10.00' });
    const reference = ref(order);
    const first = await plugin('/payments', { orderId: order.id, reference });
    expect([first.status, first.json.error?.code]).toEqual([201, undefined]);
    const oldId = first.json.invoiceId as string;
    // The invoice expires unpaid: the order stays pending, with a note.
    await sandbox.clock.advance(20 * 60_000);
    await bridge.adapter.refresh(oldId);
    await until('the expiry note', () => order.notes.some((n) => /expired unpaid/.test(n.note)));
    expect(order.status).toBe('pending');

    // The shopper places the order again: a new invoice replaces the expired one and becomes the current one.
    const second = await plugin('/payments', { orderId: order.id, reference });
    expect(second.status).toBe(201);
    const newId = second.json.invoiceId as string;
    expect(newId).not.toBe(oldId);
    expect(woo.meta(order, META.invoiceId)).toBe(newId);
    expect(JSON.parse(woo.meta(order, META.superseded)!)).toContain(oldId);

    // A payment reaches the old invoice after its expiry: BitPay reports it, the order does not move.
    const late = await fetch(`${sandbox.url}sandbox/invoices/${oldId}/pay`, {
      method: 'POST',
      body: JSON.stringify({ amount: 'full' }),
    });
    expect(late.status).toBe(200);
    await bridge.adapter.refresh(oldId);
    await until('the superseded note', () => order.notes.some((n) => /replaced by a newer one/.test(n.note)));
    expect(order.status).toBe('pending');

    // The new invoice, paid, moves it.
    await fetch(`${sandbox.url}sandbox/invoices/${newId}/pay`, {
      method: 'POST',
      body: JSON.stringify({ amount: 'full' }),
    });
    await until('on-hold', () => order.status === 'on-hold');
  });

  it('serves the element for the shop’s pages', async () => {
    const res = await fetch(`${bridge.url}/bitpay/checkout.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
  });
});
