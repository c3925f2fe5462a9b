import { timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type CheckoutAdapterOptions, createCheckoutAdapter } from '@bitpay-checkout/server-adapter';
import express, { type NextFunction, type Request, type Response } from 'express';
import { cartLines, readCart, writeCart } from './cart.js';
import { findProduct, PRODUCTS } from './catalog.js';
import { OrderBook, OrderError, type OrderStatus } from './orders.js';
import { adminPage, cartPage, messagePage, orderPage, productsPage } from './views.js';

export interface StoreOptions {
  /** Where BitPay (or the sandbox) posts IPNs and where the store is reached, e.g. http://127.0.0.1:3000. */
  publicUrl: string;
  /** The adapter's BitPay settings: environment, key, tokens, store (and anything else it takes). */
  bitpay: Omit<CheckoutAdapterOptions, 'resolveOrder' | 'onStatusChange' | 'notificationURL'>;
  /** SQLite file for orders; ':memory:' in tests. */
  ordersFile: string;
  /** Password for /admin (user "admin"). */
  adminPassword: string;
}

const ENDPOINT = '/bitpay';
const PAID_STATES = new Set<OrderStatus>(['paid', 'confirmed', 'complete', 'refunded']);

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
    onStatusChange: (event) => {
      const status: OrderStatus =
        event.invoice.refund?.status === 'success' ? 'refunded' : (event.status as OrderStatus);
      orders.setStatus(event.orderId, status, event.invoiceId);
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
  const admin = express.Router();
  admin.use(basicAuth(options.adminPassword));
  admin.get('/', (_req, res) => {
    res.type('html').send(adminPage(orders.list()));
  });
  admin.post('/orders/:id/refund', async (req, res) => {
    const order = orders.get(req.params.id);
    if (!order) throw new OrderError('ORDER_NOT_FOUND', 'no such order');
    const refund = await adapter.refund(order.id);
    if (req.accepts(['html', 'json']) === 'json') return res.json(refund);
    res.redirect(303, '/admin');
  });
  app.use('/admin', admin);

  app.use((req, res) => {
    if (req.path.startsWith('/api/'))
      return res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such route.' } });
    const page = messagePage('Not found', 'There is nothing here.');
    res.status(page.status).type('html').send(page.body);
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof OrderError) {
      const status = err.code === 'ORDER_NOT_FOUND' ? 404 : 400;
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
  const expected = Buffer.from(`admin:${password}`);
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString() : '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.set('WWW-Authenticate', 'Basic realm="store admin"').status(401).send('Authentication required.');
  };
}
