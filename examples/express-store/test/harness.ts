import type { AddressInfo } from 'node:net';
import { BitPayClient, generateKey } from '@bitpay-checkout/bitpay-client';
import { startSandbox } from '@bitpay-checkout/bitpay-sandbox';
import { memoryStore, silentLogger } from '@bitpay-checkout/server-adapter';
import { createStore } from '../src/app.js';

/** A sandbox and the store on ephemeral ports of 127.0.0.1, as `pnpm start` runs them. */
export async function startDemo({ adminPassword = 'test-admin' } = {}) {
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', autoApprove: true });
  const key = generateKey();
  const pairing = await new BitPayClient({ environment: sandbox.url, key }).requestPairing('merchant', 'store test');
  // The store needs its own URL before it listens (for IPNs): take a port first, then build the app on it.
  const { createServer } = await import('node:http');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = createStore({
    publicUrl: base,
    bitpay: {
      environment: sandbox.url,
      key,
      tokens: { merchant: pairing.token },
      store: memoryStore(),
      logger: silentLogger,
    },
    ordersFile: ':memory:',
    adminPassword,
  });
  server.on('request', store.app);
  return {
    base,
    sandbox,
    store,
    adminAuth: `Basic ${Buffer.from(`admin:${adminPassword}`).toString('base64')}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
      await sandbox.close();
    },
  };
}

export type Demo = Awaited<ReturnType<typeof startDemo>>;

/** A control action of the sandbox (pay, clock, refund status …); fails the test on anything but 200. */
export async function control(demo: Demo, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(new URL(`sandbox/${path}`, demo.sandbox.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as unknown;
  if (res.status !== 200) throw new Error(`sandbox ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A new order through the store's JSON contract. */
export async function newOrder(demo: Demo, items: unknown = [{ productId: 'tee', quantity: 1 }]): Promise<string> {
  const res = await fetch(`${demo.base}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items }),
  });
  if (res.status !== 201) throw new Error(`order: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export interface InvoiceAnswer {
  id: string;
  status: string;
  exceptionStatus: string | false;
  refund: { status: string } | null;
}

/** What the order page's element asks for: the order's open invoice, or a new one. */
/** `POST /bitpay/invoices`: the order's invoice, or with `replace` (the expired invoice's id) a new one, as "Start again" asks. */
export async function openInvoice(demo: Demo, orderId: string, replace?: string): Promise<InvoiceAnswer> {
  const res = await fetch(`${demo.base}/bitpay/invoices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(replace === undefined ? { orderId } : { orderId, replace }),
  });
  if (res.status !== 200 && res.status !== 201) throw new Error(`invoice: ${res.status} ${await res.text()}`);
  return (await res.json()) as InvoiceAnswer;
}

export async function invoiceView(demo: Demo, invoiceId: string): Promise<InvoiceAnswer> {
  return (await (await fetch(`${demo.base}/bitpay/invoices/${invoiceId}`)).json()) as InvoiceAnswer;
}

export interface OrderAnswer {
  id: string;
  status: string;
  invoiceId: string | null;
}

export async function orderState(demo: Demo, orderId: string): Promise<OrderAnswer> {
  return (await (await fetch(`${demo.base}/api/orders/${orderId}`)).json()) as OrderAnswer;
}

/** Polls `read` until `done` holds (or fails with the last value seen). */
export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

/** Waits until every queued status change has reached the store's hook. */
export async function hooksDelivered(demo: Demo): Promise<void> {
  await demo.store.adapter.idle();
  await until(
    () => demo.store.adapter.store.outboxBacklog(),
    (n) => n === 0,
  );
}

/**
 * BitPay sends the invoice's IPN again (the webhook resend a merchant can ask for): a signed IPN naming the
 * invoice, built from its state now. Resolves once the sandbox has delivered it to the store.
 */
export async function bitpayResendsIpn(demo: Demo, invoiceId: string): Promise<void> {
  const delivered = () =>
    demo.sandbox.ipns().filter((d) => d.invoiceId === invoiceId && d.outcome === 'delivered').length;
  const before = delivered();
  const res = await fetch(new URL(`sandbox/invoices/${invoiceId}`, demo.sandbox.url));
  const { data } = (await res.json()) as { data: { token: string } };
  await demo.store.adapter.client.requestInvoiceNotification(invoiceId, data.token);
  await until(
    async () => delivered(),
    (n) => n > before,
  );
}

/** An order paid in full and completed at the sandbox, as the store has heard it. */
export async function completedOrder(demo: Demo): Promise<{ orderId: string; invoiceId: string }> {
  const orderId = await newOrder(demo);
  const invoice = await openInvoice(demo, orderId);
  await control(demo, `invoices/${invoice.id}/status`, { status: 'complete' });
  await until(
    () => orderState(demo, orderId),
    (o) => o.status === 'complete',
  );
  return { orderId, invoiceId: invoice.id };
}
