import { createServer, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { type CheckoutAdapter, createCheckoutAdapter } from '../src/adapter.js';
import type { CheckoutAdapterOptions } from '../src/options/types.js';
import { memoryStore } from '../src/store/memory.js';
import type { StatusChangeEvent } from '../src/store/types.js';
import { control, eventually, postJson, readEvents, recordingLogger } from './harness.js';
import { useBitPay } from './hooks.js';

const bitpay = useBitPay();

/** A merchant's own app: its middleware first, then the adapter (mounted at each of `mounts`). */
async function merchantApp(
  setup: (app: express.Express) => void,
  extra: Partial<CheckoutAdapterOptions> = {},
  mounts: string[] = ['/bitpay'],
) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const adapter: CheckoutAdapter = createCheckoutAdapter({
    environment: bitpay.sandbox.url,
    key: bitpay.creds.key,
    tokens: { merchant: bitpay.creds.merchant },
    notificationURL: `${base}/bitpay/ipn`,
    resolveOrder: (id) => (id.startsWith('o') ? { price: 12, currency: 'USD' } : null),
    store: memoryStore(),
    logger: recordingLogger(),
    rateLimit: false,
    ...extra,
  });
  const app = express();
  setup(app);
  for (const m of mounts) app.use(m, adapter.router);
  server.on('request', app);
  await adapter.ready;
  return {
    base,
    adapter,
    async close() {
      await adapter.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

async function openInvoice(base: string, orderId: string, mount = '/bitpay') {
  const res = await postJson(`${base}${mount}/invoices`, { orderId });
  expect(res.status).toBe(201);
  return res.json;
}

describe('the middleware never harms its host', () => {
  it('leaves res.locals alone: a request-id middleware reading it on close survives a stream ending', async () => {
    const seen: unknown[] = [];
    const shop = await merchantApp((app) =>
      app.use((_req, res, next) => {
        res.locals.requestId = 'req-1';
        res.on('close', () => seen.push(res.locals.requestId));
        next();
      }),
    );
    try {
      const view = await openInvoice(shop.base, 'o1');
      seen.length = 0;
      const stream = await readEvents(`${shop.base}/bitpay/invoices/${view.id}/events`, { until: (e) => e.length > 0 });
      expect(stream.status).toBe(200);
      await eventually(() => seen.length > 0);
      expect(seen).toEqual(['req-1']);
    } finally {
      await shop.close();
    }
  });

  it("lets an access log read a stream's headers after it ended", async () => {
    const logged: OutgoingHttpHeaders[] = [];
    const shop = await merchantApp((app) =>
      app.use((req, res, next) => {
        if (req.path.endsWith('/events')) res.on('finish', () => logged.push(res.getHeaders()));
        next();
      }),
    );
    const view = await openInvoice(shop.base, 'o1');
    const stream = readEvents(`${shop.base}/bitpay/invoices/${view.id}/events`);
    await eventually(async () => (await fetch(`${shop.base}/bitpay/healthz`)).ok);
    await new Promise((r) => setTimeout(r, 100));
    // close() ends every open stream.
    await shop.close();
    await stream;
    await eventually(() => logged.length > 0);
    expect(logged[0]!['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(logged[0]!['x-frame-options']).toBe('DENY');
  });

  it('sends streams the same security headers as every other answer', async () => {
    const shop = await merchantApp(() => {});
    try {
      const view = await openInvoice(shop.base, 'o1');
      const controller = new AbortController();
      const res = await fetch(`${shop.base}/bitpay/invoices/${view.id}/events`, { signal: controller.signal });
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      controller.abort();
    } finally {
      await shop.close();
    }
  });
});

describe('onStatusChange that hangs', () => {
  it("times out, is retried with its AbortSignal aborted, and holds neither other invoices' events nor close()", async () => {
    const delivered: StatusChangeEvent[] = [];
    const hungCalls: AbortSignal[] = [];
    let hungInvoice = '';
    const shop = await merchantApp(() => {}, {
      outbox: { hookTimeoutMs: 300, baseDelayMs: 50, maxDelayMs: 100, pollIntervalMs: 20 },
      onStatusChange: (event, context) => {
        const signal = context!.signal;
        if (event.invoiceId === hungInvoice) {
          hungCalls.push(signal);
          return new Promise(() => {});
        }
        delivered.push(event);
      },
    });
    let closed = false;
    try {
      const a = await openInvoice(shop.base, 'oA');
      const b = await openInvoice(shop.base, 'oB');
      hungInvoice = a.id;
      await control(bitpay.sandbox, `invoices/${a.id}/pay`, { amount: 'full', currency: 'BTC' });
      await shop.adapter.refresh(a.id);
      await eventually(() => hungCalls.length > 0);
      await control(bitpay.sandbox, `invoices/${b.id}/pay`, { amount: 'full', currency: 'BTC' });
      await shop.adapter.refresh(b.id);
      // B's event arrives although A's hook never returns; A's delivery is retried after its timeout.
      await eventually(() => delivered.some((e) => e.invoiceId === b.id && e.status === 'paid'), 10_000);
      await eventually(() => hungCalls.length >= 2, 10_000);
      expect(hungCalls[0]!.aborted).toBe(true);
      const started = Date.now();
      await shop.close();
      closed = true;
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      if (!closed) await shop.close();
    }
  });
});

describe('query values', () => {
  it('answers a repeated or malformed lastEventId with 400 INVALID_REQUEST, never 500', async () => {
    const shop = await merchantApp(() => {});
    try {
      const view = await openInvoice(shop.base, 'o1');
      const events = `${shop.base}/bitpay/invoices/${view.id}/events`;
      for (const query of ['lastEventId=1&lastEventId=2', 'lastEventId=abc', 'lastEventId=-1']) {
        const res = await fetch(`${events}?${query}`);
        expect(res.status, query).toBe(400);
        expect((await res.json()).error.code).toBe('INVALID_REQUEST');
      }
      // Express 4's extended parser makes this an object; Express 5 reads it as another parameter's name.
      const nested = await fetch(`${events}?lastEventId[a]=1`, { signal: AbortSignal.timeout(2000) });
      expect(nested.status).toBe(process.env.EXPECT_EXPRESS_MAJOR === '4' ? 400 : 200);
      await nested.body?.cancel();
      const qr = await fetch(`${shop.base}${view.paymentCurrencies[0].qr}&currency=BTC`);
      expect(qr.status).toBe(400);
      expect((await fetch(`${events}?lastEventId=0`, { signal: AbortSignal.timeout(2000) })).status).toBe(200);
    } finally {
      await shop.close();
    }
  });
});

describe('per-address limits', () => {
  it('caps the streams one address holds open, and frees a place when one closes', async () => {
    const shop = await merchantApp(() => {}, { sse: { perAddress: 2 } });
    try {
      const view = await openInvoice(shop.base, 'o1');
      const url = `${shop.base}/bitpay/invoices/${view.id}/events`;
      const open = [new AbortController(), new AbortController()];
      for (const c of open) expect((await fetch(url, { signal: c.signal })).status).toBe(200);
      const third = await fetch(url);
      expect(third.status).toBe(429);
      expect((await third.json()).error.code).toBe('RATE_LIMITED');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      open[0]!.abort();
      await eventually(async () => {
        const c = new AbortController();
        const res = await fetch(url, { signal: c.signal });
        c.abort();
        return res.status === 200;
      });
      open[1]!.abort();
    } finally {
      await shop.close();
    }
  });

  it('ends a stream after its lifetime with a retry hint, so EventSource reconnects', async () => {
    const shop = await merchantApp(() => {}, { sse: { maxLifetimeMs: 1000 }, heartbeatIntervalMs: 200 });
    try {
      const view = await openInvoice(shop.base, 'o1');
      const stream = await readEvents(`${shop.base}/bitpay/invoices/${view.id}/events`);
      expect(stream.ended).toBe(true);
      expect(stream.events.length).toBe(1);
      expect(stream.raw.endsWith('retry: 3000\n\n')).toBe(true);
    } finally {
      await shop.close();
    }
  });

  it('draws QR images for one address up to its limit; cached images stay free', async () => {
    const shop = await merchantApp(() => {}, { qr: { rendersPerAddress: 1 } });
    try {
      const a = await openInvoice(shop.base, 'o1');
      const b = await openInvoice(shop.base, 'o2');
      expect((await fetch(`${shop.base}${a.paymentCurrencies[0].qr}`)).status).toBe(200);
      const refused = await fetch(`${shop.base}${b.paymentCurrencies[0].qr}`);
      expect(refused.status).toBe(429);
      expect((await refused.json()).error.code).toBe('RATE_LIMITED');
      expect((await fetch(`${shop.base}${a.paymentCurrencies[0].qr}`)).status).toBe(200);
    } finally {
      await shop.close();
    }
  });

  it('does not spend the create budget on page views of an open invoice (the 31st view works)', async () => {
    const shop = await merchantApp(() => {}, { rateLimit: { windowMs: 60_000, create: 30, events: 120 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 35; i++)
        statuses.push((await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'o1' })).status);
      expect(statuses).toEqual([201, ...Array(34).fill(200)]);
      // Real creates still count: 29 more orders use up the budget, the 31st create is refused.
      for (let i = 2; i <= 30; i++)
        expect((await postJson(`${shop.base}/bitpay/invoices`, { orderId: `o${i}` })).status).toBe(201);
      expect((await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'o31' })).status).toBe(429);
      // And views of open invoices go on.
      expect((await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'o1' })).status).toBe(200);
      expect((await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'nope' })).status).toBe(404);
    } finally {
      await shop.close();
    }
  });
});

describe('background work', () => {
  it("builds hook events from the configured mount path, not from some other request's", async () => {
    const events: StatusChangeEvent[] = [];
    const shop = await merchantApp(
      () => {},
      { onStatusChange: (e) => void events.push(e), outbox: { pollIntervalMs: 20 } },
      ['/bitpay', '/elsewhere'],
    );
    try {
      const view = await openInvoice(shop.base, 'o1');
      // A request through the other mount comes last, then the payment is applied in the background.
      const other = await (await fetch(`${shop.base}/elsewhere/invoices/${view.id}`)).json();
      expect(other.paymentCurrencies[0].qr.startsWith('/elsewhere/')).toBe(true);
      await control(bitpay.sandbox, `invoices/${view.id}/pay`, { amount: 'full', currency: 'BTC' });
      await shop.adapter.refresh(view.id);
      const paid = await eventually(() => events.find((e) => e.status === 'paid'));
      expect(paid.invoice.paymentCurrencies[0]!.qr.startsWith('/bitpay/invoices/')).toBe(true);
    } finally {
      await shop.close();
    }
  });
});
