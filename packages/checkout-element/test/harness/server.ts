import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { BitPayClient, generateKey } from '@bitpay-checkout/bitpay-client';
import { startSandbox } from '@bitpay-checkout/bitpay-sandbox';
import {
  type CheckoutAdapterOptions,
  createCheckoutAdapter,
  memoryStore,
  silentLogger,
} from '@bitpay-checkout/server-adapter';
import express, { type Request, type Response } from 'express';
import jsqr from 'jsqr';
import { resolveOrder } from './catalogue.js';
import { CSP, CSP_PROBE, cspPage, DEMO_CSS, demoPage, wooThanksPage } from './pages.js';

// A CommonJS module typed as an ES one: its default export is also `module.exports.default`.
const jsQR = jsqr.default;

/**
 * The real parts behind the browser tests: a BitPay sandbox, the server adapter on an in-memory
 * store mounted at /bitpay of an Express app on 127.0.0.1, and test-only routes under /harness that
 * drive the sandbox (payments, statuses, clock), drop the adapter's streams and take it offline.
 */
export async function startHarness(options: { bundleDir?: string } = {}) {
  const bundleDir = options.bundleDir ?? fileURLToPath(new URL('../../dist/bundle', import.meta.url));
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', autoApprove: true });
  const key = generateKey();
  const { token } = await new BitPayClient({ environment: sandbox.url, key }).requestPairing('merchant', 'element');

  // The adapter needs its own URL (for IPNs) before it is built: listen first, attach the app after.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The harness's adapters share everything but what each is for.
  const startAdapter = async (options: Partial<CheckoutAdapterOptions> & { notificationURL: string }) => {
    const started = createCheckoutAdapter({
      environment: sandbox.url,
      key,
      tokens: { merchant: token },
      store: memoryStore(),
      resolveOrder,
      refreshIntervalMs: 1000,
      rateLimit: false,
      logger: silentLogger,
      // This package's own build (the adapter finds an installed element by itself; here it is the package under test).
      bundleDir,
      ...options,
    });
    await started.ready;
    return started;
  };

  const adapter = await startAdapter({
    notificationURL: `${url}/bitpay/ipn`,
    // The adapter tells time by the sandbox's clock, so moving that clock moves the countdown.
    now: () => sandbox.clock.now(),
  });

  // A second adapter on this machine's own clock, as a merchant's server is: moving the sandbox clock
  // then sets BitPay's clock apart from the adapter's (served under /harness/own-clock).
  const ownClock = await startAdapter({ notificationURL: `${url}/harness/own-clock/ipn` });

  // A third adapter whose create budget is one invoice a minute: the second new order gets a real
  // 429 RATE_LIMITED with Retry-After (served under /harness/limited).
  const limited = await startAdapter({
    notificationURL: `${url}/harness/limited/ipn`,
    rateLimit: { windowMs: 60_000, create: 1, events: 120 },
  });

  const streams = new Set<ServerResponse>();
  let offline = false;
  let streamsBroken = false;
  const control = async (path: string, body: unknown) => {
    const res = await fetch(new URL(`sandbox/${path}`, sandbox.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const relay = (fn: (req: Request) => Promise<{ status: number; body: unknown }>) => (req: Request, res: Response) =>
    fn(req).then(
      ({ status, body }) => res.status(status).json(body),
      (err: Error) => res.status(500).json({ error: err.message }),
    );

  const app = express();
  app.use('/bitpay', (req, res, next) => {
    // "Offline": the connection drops, as when the adapter is down or the network is gone.
    // The script bundle stays reachable, as from a CDN or cache.
    if (offline && !req.path.startsWith('/checkout')) return req.socket.destroy();
    if (req.path.endsWith('/events')) {
      // "Broken streams": a proxy that refuses event streams; the element must poll instead.
      if (streamsBroken) return res.status(503).type('text/plain').send('no streams here');
      streams.add(res);
      res.on('close', () => streams.delete(res));
    }
    next();
  });
  app.use('/bitpay', adapter.router);

  const h = express.Router();
  h.use(express.json({ limit: '2mb' }));
  // What a wallet's camera reads from a QR as the browser drew it: RGBA pixels (base64) decoded by jsQR.
  h.post('/scan-qr', (req, res) => {
    const { width, height, rgba } = req.body as { width: number; height: number; rgba: string };
    const pixels = new Uint8ClampedArray(Buffer.from(rgba, 'base64'));
    res.json({ data: jsQR(pixels, width, height)?.data ?? null });
  });
  h.post(
    '/invoices/:id/pay',
    relay((req) => control(`invoices/${req.params.id}/pay`, req.body)),
  );
  h.post(
    '/invoices/:id/status',
    relay((req) => control(`invoices/${req.params.id}/status`, req.body)),
  );
  h.post(
    '/invoices/:id/confirmations',
    relay((req) => control(`invoices/${req.params.id}/confirmations`, req.body)),
  );
  h.post(
    '/clock',
    relay(async (req) => {
      await sandbox.clock.advance(Number(req.body.advanceMs));
      return { status: 200, body: { now: sandbox.clock.now() } };
    }),
  );
  h.post(
    '/orders/:orderId/refund',
    relay(async (req) => ({ status: 200, body: await adapter.refund(String(req.params.orderId)) })),
  );
  h.post(
    '/refunds/:id/status',
    relay((req) => control(`refunds/${req.params.id}/status`, req.body)),
  );
  // What BitPay's WooCommerce plugin does: the merchant's site makes the invoice at BitPay itself.
  const merchantSite = new BitPayClient({ environment: sandbox.url, key, tokens: { merchant: token } });
  h.post(
    '/merchant-invoice',
    relay(async () => {
      const invoice = await merchantSite.createInvoice(
        { price: 18, currency: 'USD', orderId: `woo-${Date.now()}` },
        { facade: 'merchant' },
      );
      // What the plugin passes to its page: the id, and the currencies to pay with in tests.
      return { status: 201, body: { id: invoice.id, currencies: Object.keys(invoice.paymentCodes ?? {}) } };
    }),
  );
  h.post('/drop-streams', (_req, res) => {
    const dropped = streams.size;
    for (const stream of streams) stream.socket?.destroy();
    res.json({ dropped });
  });
  h.get('/streams', (_req, res) => {
    res.json({ open: streams.size });
  });
  h.post('/streams-broken', (req, res) => {
    streamsBroken = req.body.broken === true;
    res.json({ broken: streamsBroken });
  });
  h.post('/offline', (req, res) => {
    offline = req.body.offline === true;
    res.json({ offline });
  });
  h.get('/csp/:orderId', (req, res) => {
    res
      .set('Content-Security-Policy', CSP)
      .type('html')
      .send(cspPage(String(req.params.orderId)));
  });
  h.get('/page', (req, res) => {
    res.type('html').send(demoPage(req.query as Record<string, string>));
  });
  h.get('/woo-thanks', (req, res) => {
    res.type('html').send(wooThanksPage(String(req.query.invoice)));
  });
  h.get('/thanks', (_req, res) => {
    res.type('html').send('<!doctype html><title>Thanks</title><p>Thank you for your order.</p>');
  });
  h.get('/demo.css', (_req, res) => {
    res.type('text/css').send(DEMO_CSS);
  });
  h.get('/csp-probe.js', (_req, res) => {
    res.type('text/javascript').send(CSP_PROBE);
  });
  app.use('/harness/own-clock', ownClock.router);
  app.use('/harness/limited', limited.router);
  app.use('/harness', h);
  server.on('request', app);

  return {
    url,
    sandbox,
    adapter,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await adapter.close();
      await ownClock.close();
      await limited.close();
      await sandbox.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
