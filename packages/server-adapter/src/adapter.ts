import { BitPayClient } from '@bitpay-checkout/bitpay-client';
import { Router } from 'express';
import { bundleRouter, resolveBundleDir } from './bundle/bundle-route.js';
import { AdapterError } from './errors/errors.js';
import { jsonBody, rawBody } from './http/body.js';
import { checkoutCors } from './http/cors.js';
import { checkoutErrorHandler, notFound } from './http/error-handler.js';
import { createInvoiceRoute, getInvoiceRoute, invoiceEventsRoute } from './http/invoice-routes.js';
import { RateBudget, rateLimit } from './http/rate-limit.js';
import { securityHeaders } from './http/security-headers.js';
import { InvoiceCache } from './invoices/cache.js';
import type { AdapterContext } from './invoices/context.js';
import { InvoiceCreator } from './invoices/create.js';
import { InvoiceMonitor } from './invoices/monitor.js';
import { InvoiceSync } from './invoices/sync.js';
import { ipnRoute } from './ipn/ipn-route.js';
import { IpnJournal } from './ipn/journal.js';
import { describeError } from './log/logger.js';
import type { CheckoutAdapterOptions } from './options/types.js';
import { resolveOptions } from './options/validate.js';
import { OutboxDispatcher } from './outbox/dispatcher.js';
import { QrPainter } from './qr/painter.js';
import { qrRoute } from './qr/qr-route.js';
import { type RefundOptions, type RefundResult, refundOrder } from './refunds/refund.js';
import { SseHub } from './sse/hub.js';
import { sqliteStore } from './store/sqlite.js';
import type { Store } from './store/types.js';

export interface CheckoutAdapter {
  /** Mount it: `app.use('/bitpay', adapter.router)`. */
  router: Router;
  /** The BitPay client the adapter uses (same key and tokens). */
  client: BitPayClient;
  store: Store;
  /** Resolves when the store is ready and recovery (pending IPNs, outbox) has started. */
  ready: Promise<void>;
  /** Refunds an order's paid invoice. Server-side only. */
  refund(orderId: string, options?: RefundOptions): Promise<RefundResult>;
  /** Re-fetches an invoice from BitPay now and applies its state (e.g. from a cron job). */
  refresh(invoiceId: string): Promise<void>;
  /** Stops timers, ends open streams, waits for work in flight, closes the store. */
  close(): Promise<void>;
  /** Work in flight, for tests: resolves when recorded IPNs being handled now are done. */
  idle(): Promise<void>;
}

/**
 * The Express middleware that holds the BitPay secrets. Options are validated here, once: a wrong or
 * unknown option throws an AdapterError (code INVALID_OPTION) naming it.
 */
export function createCheckoutAdapter(options: CheckoutAdapterOptions): CheckoutAdapter {
  const opts = resolveOptions(options);
  const store = options.store ?? sqliteStore();
  const client = new BitPayClient({
    environment: opts.environment,
    key: opts.key,
    tokens: opts.tokens,
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    ...(opts.maxRetries === undefined ? {} : { maxRetries: opts.maxRetries }),
    ...(opts.fetch === undefined ? {} : { fetch: opts.fetch }),
  });
  if (opts.notificationURL === null) {
    opts.logger.warn(
      'No notificationURL: BitPay cannot send IPNs; status comes only from refreshes of watched invoices.',
    );
  }

  let outbox: OutboxDispatcher | undefined;
  const ctx: AdapterContext = {
    opts,
    client,
    store,
    ready: store.init().catch((cause: unknown) => {
      if (cause instanceof AdapterError) throw cause;
      throw new AdapterError('STORE_ERROR', `The ${store.kind} store could not start.`, { cause });
    }),
    cache: new InvoiceCache(store, 1000, opts.now),
    kickOutbox: () => outbox?.kick(),
  };
  // Handlers await ctx.ready themselves; this only keeps an init failure from being an unhandled rejection.
  ctx.ready.catch((err) => opts.logger.error(`Store "${store.kind}" failed to start: ${describeError(err)}.`));
  const sync = new InvoiceSync(ctx);
  const creator = new InvoiceCreator(ctx, sync);
  const journal = new IpnJournal(ctx, sync);
  const hub = new SseHub(ctx, sync);
  const monitor = new InvoiceMonitor(ctx, sync);
  outbox = new OutboxDispatcher(ctx);

  let closed = false;
  const ready = ctx.ready.then(() => {
    if (closed) return;
    ctx.cache.start();
    hub.start();
    monitor.start();
    journal.start();
    outbox.start();
    // Orders left claimed by a process that died while BitPay was creating their invoice.
    void creator.recover();
  });
  ready.catch(() => {});

  const router = Router();
  const cors = checkoutCors(opts.allowedOrigins);
  const limit = (name: 'events') =>
    opts.rateLimit === false ? [] : [rateLimit('status', opts.rateLimit[name], opts.rateLimit.windowMs, opts.now)];
  router.use(securityHeaders);
  router.post('/ipn', rawBody(opts.ipnBodyLimitBytes), ipnRoute(ctx, journal));
  router.use(cors);
  router.get('/healthz', function healthz(_req, res) {
    res.set('Cache-Control', 'no-store').json({ ok: true });
  });
  // Only a real create spends the create budget: re-reading an order's open invoice (a page view) does not.
  const createBudget =
    opts.rateLimit === false
      ? null
      : new RateBudget('create', opts.rateLimit.create, opts.rateLimit.windowMs, opts.now);
  // One set of QR drawings (and one drawing budget) for the images and the views that carry one inline.
  const painter = new QrPainter(opts);
  router.post('/invoices', ...jsonBody(opts.bodyLimitBytes), createInvoiceRoute(ctx, creator, createBudget, painter));
  router.get('/invoices/:id/events', ...limit('events'), invoiceEventsRoute(ctx, hub));
  router.get('/invoices/:id', ...limit('events'), getInvoiceRoute(ctx, painter));
  router.get('/invoices/:id/qr.svg', qrRoute(ctx, painter));
  // After the API routes: status polling should not walk through the bundle's layers first.
  const bundleDir = opts.bundleDir ?? resolveBundleDir();
  if (bundleDir === null) {
    opts.logger.warn(
      'The checkout element is not installed: /checkout.js answers 503 until @bitpay-checkout/checkout-element is installed beside the adapter.',
    );
  }
  router.use(bundleRouter(bundleDir));
  router.use(notFound);
  router.use(checkoutErrorHandler(opts.logger));

  return {
    router,
    client,
    store,
    ready,
    refund: (orderId, refundOptions) => {
      if (closed) return Promise.reject(new AdapterError('CLOSED', 'The adapter is closed.'));
      return refundOrder(ctx, orderId, refundOptions);
    },
    refresh: async (invoiceId) => {
      await ctx.ready;
      await sync.refresh(invoiceId);
    },
    idle: () => journal.idle(),
    async close() {
      if (closed) return;
      closed = true;
      hub.close();
      creator.close();
      ctx.cache.close();
      await ready.catch(() => {});
      await monitor.close();
      await journal.close();
      await outbox.close();
      await store.close();
    },
  };
}
