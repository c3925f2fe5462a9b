import { timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  AdapterError,
  type CheckoutAdapterOptions,
  createCheckoutAdapter,
  HTTP_STATUS,
} from '@bitpay-checkout/server-adapter';
import express, { type NextFunction, type Request, type Response } from 'express';
import { cartLines, readCart, writeCart } from './cart.js';
import { findProduct, PRODUCTS } from './catalog.js';
import { CsrfTokens, csrfGuard } from './csrf.js';
import { StoreError } from './errors.js';
import { OrderBook, OrderError } from './orders.js';
import { type OrderStatus, orderStatusOf, refundStateOf } from './status.js';
import {
  ADMIN_NOTICES,
  type AdminNotice,
  adminPage,
  cartPage,
  messagePage,
  noticeText,
  orderPage,
  productsPage,
} from './views.js';

export interface StoreOptions {
  /** Where BitPay (or the sandbox) posts IPNs and where the store is reached, e.g. http://127.0.0.1:3000. */
  publicUrl: string;
  /** The adapter's BitPay settings: environment, key, tokens, store (and anything else it takes). */
  bitpay: Omit<CheckoutAdapterOptions, 'resolveOrder' | 'onStatusChange' | 'notificationURL'>;
  /** SQLite file for orders; ':memory:' in tests. */
  ordersFile: string;
  /** Password for /admin (user "admin"). */
  adminPassword: string;
  /** Key of the admin forms' CSRF tokens; give every instance the same one. Default: random per process. */
  csrfSecret?: string;
}

const ENDPOINT = '/bitpay';
const PAID_STATES = new Set<OrderStatus>(['paid', 'confirmed', 'invalid', 'complete', 'refunded']);
const ADMIN_USER = 'admin';
/** How long a refund whose answer never came (crash, BitPay silent) blocks a second request. */
const REFUND_LEASE_MS = 10 * 60_000;

export function createStore(options: StoreOptions) {
  const orders = new OrderBook(options.ordersFile);
  const adapter = createCheckoutAdapter({
    ...options.bitpay,
    notificationURL: `${options.publicUrl}${ENDPOINT}/ipn`,
    resolveOrder: (orderId) => {
      const order = orders.get(orderId);
      if (!order) return null;
      return {
        price: order.totalCents / 100,
        currency: order.currency,
        itemDesc: order.items.map((i) => `${i.quantity} × ${i.name}`).join(', '),
        receiptUrl: `${options.publicUrl}/orders/${order.id}`,
        payable: !PAID_STATES.has(order.status),
      };
    },
    // Deliveries are at least once and only ordered per invoice: the order book applies an event once,
    // only about the order's current invoice, and only as a step forward (see OrderBook.applyEvent).
    onStatusChange: (event) => {
      const state = { status: event.status, exceptionStatus: event.exceptionStatus, refund: event.invoice.refund };
      orders.applyEvent({
        key: event.idempotencyKey,
        orderId: event.orderId,
        invoiceId: event.invoiceId,
        invoiceTime: event.invoice.invoiceTime,
        status: orderStatusOf(state),
        refund: refundStateOf(state),
      });
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    // The store itself runs under the strict policy the element is built for.
    res.set(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    next();
  });
  app.use(ENDPOINT, adapter.router);
  app.use('/static', express.static(fileURLToPath(new URL('../public', import.meta.url)), { maxAge: '1h' }));
  app.use(express.urlencoded({ extended: false, limit: '4kb' }));

  app.get('/', (req, res) => {
    res.type('html').send(productsPage(PRODUCTS, count(readCart(req))));
  });
  app.get('/cart', (req, res) => {
    res.type('html').send(cartPage(cartLines(readCart(req))));
  });
  app.post('/cart', (req, res) => {
    const cart = readCart(req);
    const id = String(req.body?.productId ?? '');
    const quantity = Number.parseInt(String(req.body?.quantity ?? '1'), 10);
    if (findProduct(id) && quantity > 0) cart.set(id, Math.min(99, (cart.get(id) ?? 0) + quantity));
    writeCart(res, cart);
    res.redirect(303, '/cart');
  });
  app.post('/cart/remove', (req, res) => {
    const cart = readCart(req);
    cart.delete(String(req.body?.productId ?? ''));
    writeCart(res, cart);
    res.redirect(303, '/cart');
  });
  app.post('/checkout', (req, res) => {
    const lines = cartLines(readCart(req));
    if (!lines.length) return res.redirect(303, '/cart');
    const order = orders.create(lines.map((l) => ({ productId: l.product.id, quantity: l.quantity })));
    writeCart(res, new Map());
    res.redirect(303, `/orders/${order.id}`);
  });
  app.get('/orders/:id', (req, res) => {
    const order = orders.get(req.params.id);
    if (!order) {
      const page = messagePage('Order not found', `There is no order ${req.params.id}.`);
      return res.status(page.status).type('html').send(page.body);
    }
    res.type('html').send(orderPage(order, ENDPOINT));
  });

  // The small JSON contract for scripts and tests.
  app.get('/api/products', (_req, res) => {
    res.json(PRODUCTS.map((p) => ({ id: p.id, name: p.name, price: p.priceCents / 100, currency: 'USD' })));
  });
  app.post('/api/orders', express.json({ limit: '8kb' }), (req, res) => {
    const order = orders.create(req.body?.items);
    res.status(201).json({ id: order.id, total: order.totalCents / 100, currency: order.currency });
  });
  app.get('/api/orders/:id', (req, res) => {
    const order = orders.get(req.params.id);
    if (!order) throw new OrderError('ORDER_NOT_FOUND', 'no such order');
    res.json({ id: order.id, status: order.status, invoiceId: order.invoiceId, total: order.totalCents / 100 });
  });

  // The merchant's back office: refunds go through the adapter, never from the shopper's page.
  const csrf = new CsrfTokens(options.csrfSecret === undefined ? {} : { secret: options.csrfSecret });
  const admin = express.Router();
  admin.use(basicAuth(options.adminPassword));
  admin.use(csrfGuard(csrf, { publicUrl: options.publicUrl, user: ADMIN_USER }));
  admin.get('/', (req, res) => {
    const code = typeof req.query.notice === 'string' ? req.query.notice : '';
    const orderId = typeof req.query.order === 'string' ? req.query.order.slice(0, 64) : '';
    const notice = (ADMIN_NOTICES as readonly string[]).includes(code)
      ? { code: code as AdminNotice, orderId, order: orders.get(orderId) }
      : undefined;
    res.set('Cache-Control', 'no-store');
    res.type('html').send(adminPage(orders.list(), { csrfToken: csrf.issue(ADMIN_USER), notice }));
  });
  admin.post('/orders/:id/refund', async (req, res, next) => {
    try {
      const orderId = req.params.id;
      const { code, status } = await refund(orderId);
      const order = orders.get(orderId);
      if (req.accepts(['html', 'json']) === 'json') {
        const message = noticeText(code, orderId, order);
        if (status >= 400) return res.status(status).json({ error: { code, message } });
        return res.json({
          code,
          message,
          order: order && { id: order.id, status: order.status, refund: order.refund },
        });
      }
      // Post/redirect/get: the admin page says what happened, and a reload does not ask again.
      res.redirect(303, `/admin?order=${encodeURIComponent(orderId)}&notice=${code}`);
    } catch (err) {
      next(err);
    }
  });
  app.use('/admin', admin);

  /** One refund per order, whatever the clicks: the order book's claim decides who asks BitPay. */
  async function refund(orderId: string): Promise<{ code: AdminNotice; status: number }> {
    const claim = orders.claimRefund(orderId, REFUND_LEASE_MS);
    if (!claim) return { code: 'ORDER_NOT_FOUND', status: 404 };
    if (!claim.ok) return { code: claim.code, status: 409 };
    try {
      const result = await adapter.refund(orderId);
      orders.settleRefund(orderId, result.refund.status);
      if (result.refund.status === 'success') return { code: 'REFUNDED', status: 200 };
      if (result.refund.status === 'pending') return { code: 'REFUND_REQUESTED', status: 200 };
      return { code: 'REFUND_FAILED', status: 502 };
    } catch (err) {
      const adapterCode = err instanceof AdapterError ? err.code : undefined;
      // No answer from BitPay: the refund may exist. Keep the claim (it lapses) rather than risk a second one.
      if (adapterCode === 'UPSTREAM_UNAVAILABLE') return { code: 'REFUND_UNCERTAIN', status: 503 };
      orders.releaseRefund(orderId, claim.previous);
      if (adapterCode === 'REFUND_NOT_ALLOWED' || adapterCode === 'UPSTREAM_ERROR') {
        return { code: adapterCode, status: HTTP_STATUS[adapterCode] };
      }
      console.error('[store] refund failed:', adapterCode ?? (err as Error).message);
      return { code: 'REFUND_FAILED', status: 500 };
    }
  }

  app.use((req, res) => {
    if (req.path.startsWith('/api/'))
      return res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such route.' } });
    const page = messagePage('Not found', 'There is nothing here.');
    res.status(page.status).type('html').send(page.body);
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof OrderError || err instanceof StoreError) {
      const status = err instanceof StoreError ? err.status : err.code === 'ORDER_NOT_FOUND' ? 404 : 400;
      if (!req.originalUrl.startsWith('/api/') && req.accepts(['html', 'json']) === 'html') {
        const back = req.originalUrl.startsWith('/admin')
          ? { href: '/admin', text: 'Back to the orders' }
          : { href: '/', text: 'Back to the store' };
        const page = messagePage('Nothing was done', err.message, status, back);
        return res.status(page.status).type('html').send(page.body);
      }
      return res.status(status).json({ error: { code: err.code, message: err.message } });
    }
    const e = err as { status?: number; statusCode?: number; type?: string; code?: string; message?: string };
    const status = e.status ?? e.statusCode;
    if (status && status >= 400 && status < 500) {
      return res
        .status(status)
        .json({ error: { code: e.code ?? 'INVALID_REQUEST', message: 'The request was not valid.' } });
    }
    console.error('[store] unexpected error:', e.code ?? e.message);
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Something went wrong.' } });
  });

  return {
    app,
    adapter,
    orders,
    async close() {
      await adapter.close();
      orders.close();
    },
  };
}

function count(cart: Map<string, number>): number {
  return [...cart.values()].reduce((a, b) => a + b, 0);
}

function basicAuth(password: string) {
  const expected = Buffer.from(`${ADMIN_USER}:${password}`);
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString() : '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.set('WWW-Authenticate', 'Basic realm="store admin"').status(401).send('Authentication required.');
  };
}
