import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A WooCommerce REST v3 stand-in on 127.0.0.1 that behaves like the real one for what the bridge uses:
 * orders (GET, PUT with status and meta_data), order notes, refunds, payment gateways, and the plugin's
 * payment-complete route; every request must carry a valid OAuth 1.0a one-legged signature (plain http), with
 * WooCommerce's ±15 minute timestamp rule and remembered nonces. Written from WC_REST_Authentication, not from
 * the bridge's client, so a signing bug in the client fails here.
 */
export interface FakeOrder {
  id: number;
  number: string;
  status: string;
  currency: string;
  total: string;
  payment_method: string;
  transaction_id: string;
  date_paid: string | null;
  order_key: string;
  billing: { first_name: string; last_name: string; email: string };
  meta_data: { id: number; key: string; value: string }[];
  notes: { id: number; note: string; customer_note: boolean; added_by_user: boolean }[];
  refunds: { id: number; total: string; reason: string }[];
}

export interface FakeWoo {
  url: string;
  consumerKey: string;
  consumerSecret: string;
  orders: Map<number, FakeOrder>;
  requests: { method: string; path: string; status: number }[];
  addOrder(fields?: Partial<FakeOrder>): FakeOrder;
  meta(order: FakeOrder, key: string): string | undefined;
  /** Make every request answer this status (an outage), or null to stop. */
  failWith: number | null;
  close(): Promise<void>;
}

const STATUSES = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft'];
const LABEL: Record<string, string> = {
  pending: 'Pending payment',
  processing: 'Processing',
  'on-hold': 'On hold',
  completed: 'Completed',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  failed: 'Failed',
  'checkout-draft': 'Draft',
};

/** PHP's rawurlencode (RFC 3986, `~` kept), as wc_rest_urlencode_rfc3986 does. */
function rawurlencode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function wpError(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { code, message, data: { status } });
}

export async function startFakeWoo(options: { now?: () => number } = {}): Promise<FakeWoo> {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const consumerKey = `ck_${'a1'.repeat(20)}`;
  const consumerSecret = `cs_${'b2'.repeat(20)}`;
  const orders = new Map<number, FakeOrder>();
  const requests: FakeWoo['requests'] = [];
  const nonces = new Map<string, number>();
  let nextId = 100;
  let nextMeta = 1;
  let nextNote = 1;
  let base = '';

  const fake: FakeWoo = {
    url: '',
    consumerKey,
    consumerSecret,
    orders,
    requests,
    failWith: null,
    addOrder(fields = {}) {
      const id = fields.id ?? nextId++;
      const order: FakeOrder = {
        id,
        number: String(id),
        status: 'pending',
        currency: 'USD',
        total: '25.50',
        payment_method: 'bitpay_checkout',
        transaction_id: '',
        date_paid: null,
        order_key: `wc_order_${id}`,
        billing: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
        meta_data: [],
        notes: [],
        refunds: [],
        ...fields,
      };
      orders.set(id, order);
      return order;
    },
    meta(order, key) {
      return [...order.meta_data].reverse().find((m) => m.key === key)?.value;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  /** WC_REST_Authentication::check_oauth_signature and check_oauth_timestamp_and_nonce. */
  function authenticate(req: IncomingMessage, url: URL): string | null {
    const params: Record<string, string> = {};
    for (const [k, v] of url.searchParams) params[k] = v;
    const names = ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method'];
    if (!names.some((n) => params[n])) return 'woocommerce_rest_cannot_view';
    const missing = names.filter((n) => !params[n]);
    if (missing.length) return 'woocommerce_rest_authentication_missing_parameter';
    if (params.oauth_consumer_key !== consumerKey) return 'woocommerce_rest_authentication_error';
    const given = params.oauth_signature!;
    delete params.oauth_signature;
    const keys = Object.keys(params).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const pairs = keys.map((k) => rawurlencode(`${rawurlencode(k)}=${rawurlencode(params[k]!)}`));
    const method = params.oauth_signature_method;
    if (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256') return 'woocommerce_rest_authentication_error';
    const toSign = `${req.method}&${rawurlencode(`${base}${url.pathname}`)}&${pairs.join('%26')}`;
    const expected = createHmac(method === 'HMAC-SHA1' ? 'sha1' : 'sha256', `${consumerSecret}&`)
      .update(toSign)
      .digest('base64');
    const a = Buffer.from(expected);
    const b = Buffer.from(given);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return 'woocommerce_rest_authentication_error';
    const ts = Number(params.oauth_timestamp);
    if (!(ts >= now() - 900 && ts <= now() + 900)) return 'woocommerce_rest_authentication_error';
    if (nonces.has(params.oauth_nonce!)) return 'woocommerce_rest_authentication_error';
    nonces.set(params.oauth_nonce!, ts);
    return null;
  }

  function setStatus(order: FakeOrder, status: string): void {
    if (order.status === status) return;
    addNote(order, `Order status changed from ${LABEL[order.status]} to ${LABEL[status]}.`, false);
    order.status = status;
    if ((status === 'processing' || status === 'completed') && !order.date_paid)
      order.date_paid = new Date().toISOString();
  }

  function addNote(order: FakeOrder, note: string, byUser: boolean) {
    const n = { id: nextNote++, note, customer_note: false, added_by_user: byUser };
    order.notes.push(n);
    return n;
  }

  function updateMeta(order: FakeOrder, meta: unknown): string | null {
    if (!Array.isArray(meta)) return 'meta_data must be an array';
    for (const m of meta) {
      if (typeof m?.key !== 'string') return 'meta_data[].key must be a string';
      const value = typeof m.value === 'string' ? m.value : JSON.stringify(m.value);
      const existing = order.meta_data.find((x) => x.key === m.key);
      if (existing) existing.value = value;
      else order.meta_data.push({ id: nextMeta++, key: m.key, value });
    }
    return null;
  }

  const view = (o: FakeOrder) => {
    const { notes: _notes, ...rest } = o;
    return { ...rest, needs_payment: ['pending', 'failed'].includes(o.status) };
  };

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    if (fake.failWith !== null) {
      wpError(res, fake.failWith, 'internal_server_error', 'There has been a critical error on this website.');
      return fake.failWith;
    }
    const auth = authenticate(req, url);
    if (auth) {
      wpError(res, 401, auth, 'Sorry, you cannot list resources.');
      return 401;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    // biome-ignore lint/suspicious/noExplicitAny: a JSON body, checked field by field like the REST schema does
    let body: any = {};
    if (chunks.length) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        wpError(res, 400, 'rest_invalid_json', 'Invalid JSON body passed.');
        return 400;
      }
    }
    const path = url.pathname;
    let m = /^\/wp-json\/wc\/v3\/orders\/(\d+)$/.exec(path);
    if (m) {
      const order = orders.get(Number(m[1]));
      if (!order) {
        wpError(res, 404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
        return 404;
      }
      if (req.method === 'GET') {
        send(res, 200, view(order));
        return 200;
      }
      if (req.method === 'PUT' || req.method === 'POST') {
        if (body.status !== undefined && !STATUSES.includes(body.status)) {
          wpError(res, 400, 'rest_invalid_param', 'Invalid parameter(s): status');
          return 400;
        }
        if (body.meta_data !== undefined) {
          const err = updateMeta(order, body.meta_data);
          if (err) {
            wpError(res, 400, 'rest_invalid_param', err);
            return 400;
          }
        }
        if (body.status) setStatus(order, body.status);
        send(res, 200, view(order));
        return 200;
      }
    }
    m = /^\/wp-json\/wc\/v3\/orders\/(\d+)\/notes$/.exec(path);
    if (m) {
      const order = orders.get(Number(m[1]));
      if (!order) {
        wpError(res, 404, 'woocommerce_rest_order_invalid_id', 'Invalid order ID.');
        return 404;
      }
      if (req.method === 'POST') {
        if (typeof body.note !== 'string' || body.note === '') {
          wpError(res, 400, 'rest_missing_callback_param', 'Missing parameter(s): note');
          return 400;
        }
        send(res, 201, addNote(order, body.note, true));
        return 201;
      }
      send(res, 200, [...order.notes].reverse());
      return 200;
    }
    m = /^\/wp-json\/wc\/v3\/orders\/(\d+)\/refunds$/.exec(path);
    if (m && req.method === 'GET') {
      const order = orders.get(Number(m[1]));
      send(res, order ? 200 : 404, order ? order.refunds : { code: 'woocommerce_rest_order_invalid_id' });
      return order ? 200 : 404;
    }
    m = /^\/wp-json\/wc-bitpay-checkout\/v1\/orders\/(\d+)\/payment-complete$/.exec(path);
    if (m && req.method === 'POST') {
      // The plugin's route: payment_complete() accepts on-hold, pending, failed and cancelled orders.
      const order = orders.get(Number(m[1]));
      if (order?.payment_method !== 'bitpay_checkout') {
        wpError(res, 404, 'bitpay_checkout_no_order', 'No such BitPay order.');
        return 404;
      }
      if (body.meta_data !== undefined) updateMeta(order, body.meta_data);
      if (['on-hold', 'pending', 'failed', 'cancelled'].includes(order.status)) {
        order.transaction_id = String(body.transaction_id ?? '');
        setStatus(order, 'processing');
      }
      send(res, 200, view(order));
      return 200;
    }
    m = /^\/wp-json\/wc\/v3\/payment_gateways\/([a-z_]+)$/.exec(path);
    if (m && req.method === 'GET') {
      if (m[1] !== 'bitpay_checkout') {
        wpError(res, 404, 'woocommerce_rest_payment_gateway_invalid', 'Resource does not exist.');
        return 404;
      }
      send(res, 200, { id: 'bitpay_checkout', title: 'BitPay', enabled: true });
      return 200;
    }
    wpError(res, 404, 'rest_no_route', 'No route was found matching the URL and request method.');
    return 404;
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    handle(req, res, url).then(
      (status) => requests.push({ method: req.method ?? '', path: url.pathname, status }),
      () => {
        if (!res.headersSent) wpError(res, 500, 'internal_server_error', 'fake failed');
      },
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.url = base;
  return fake;
}
