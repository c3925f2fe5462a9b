import { BridgeError } from '../errors/errors.js';
import { oauthSignedUrl } from './oauth.js';

/** The fields of a WooCommerce REST v3 order the bridge reads. */
export interface WooOrder {
  id: number;
  status: string;
  currency: string;
  /** Decimal string, e.g. "25.50". */
  total: string;
  payment_method: string;
  transaction_id?: string;
  needs_payment?: boolean;
  order_key?: string;
  billing?: { first_name?: string; last_name?: string; email?: string };
  meta_data: { id?: number; key: string; value: unknown }[];
}

export interface WooNote {
  id: number;
  note: string;
  customer_note: boolean;
}

export interface WooMeta {
  key: string;
  value: string;
}

export interface WooClientOptions {
  /** The shop's home URL (WordPress "Site Address"), e.g. https://shop.example. */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  /** Per request, ms. Default 15000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Unix seconds, for OAuth timestamps. */
  nowSeconds?: () => number;
}

/** The plugin's own route for `$order->payment_complete()`: REST v3 only completes orders still awaiting payment. */
export const PAYMENT_COMPLETE_PATH = (orderId: number | string) =>
  `/wp-json/wc-bitpay-checkout/v1/orders/${orderId}/payment-complete`;

/**
 * WooCommerce REST API v3 with its own key pair: HTTP Basic over https, OAuth 1.0a one-legged over plain http
 * (WooCommerce refuses keys sent in the clear). Errors are BridgeErrors that name WooCommerce's code, never a key.
 */
export class WooClient {
  readonly #url: string;
  readonly #key: string;
  readonly #secret: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;

  constructor(options: WooClientOptions) {
    this.#url = options.url.replace(/\/+$/, '');
    this.#key = options.consumerKey;
    this.#secret = options.consumerSecret;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  }

  get url(): string {
    return this.#url;
  }

  getOrder(id: number | string): Promise<WooOrder> {
    return this.request<WooOrder>('GET', `/wp-json/wc/v3/orders/${id}`);
  }

  updateOrder(id: number | string, changes: { status?: string; meta_data?: WooMeta[] }): Promise<WooOrder> {
    return this.request<WooOrder>('PUT', `/wp-json/wc/v3/orders/${id}`, changes);
  }

  addNote(id: number | string, note: string): Promise<WooNote> {
    return this.request<WooNote>('POST', `/wp-json/wc/v3/orders/${id}/notes`, { note, customer_note: false });
  }

  /** `$order->payment_complete($transactionId)` through the plugin, with meta saved in the same write. */
  paymentComplete(id: number | string, transactionId: string, meta: WooMeta[]): Promise<WooOrder> {
    return this.request<WooOrder>('POST', PAYMENT_COMPLETE_PATH(id), {
      transaction_id: transactionId,
      meta_data: meta,
    });
  }

  getGateway(id: string): Promise<{ id: string; enabled: boolean; title: string }> {
    return this.request('GET', `/wp-json/wc/v3/payment_gateways/${id}`);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const target = `${this.#url}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    let url = target;
    if (target.startsWith('https:')) {
      headers.authorization = `Basic ${Buffer.from(`${this.#key}:${this.#secret}`).toString('base64')}`;
    } else {
      url = oauthSignedUrl({
        method,
        url: target,
        consumerKey: this.#key,
        consumerSecret: this.#secret,
        timestamp: this.#now(),
      });
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.#fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (cause) {
      throw new BridgeError('WOO_UNREACHABLE', `WooCommerce at ${this.#url} did not answer ${method} ${path}.`, {
        cause,
      });
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // A PHP notice or an HTML error page: reported below by status.
    }
    if (res.ok && json !== null) return json as T;
    const wooCode = typeof (json as { code?: unknown })?.code === 'string' ? (json as { code: string }).code : null;
    const what = `${method} ${path} answered ${res.status}${wooCode ? ` (${wooCode})` : ''}`;
    if (res.status === 401 || res.status === 403) {
      throw new BridgeError('WOO_AUTH_FAILED', `WooCommerce refused the REST key: ${what}.`);
    }
    if (res.status === 404 && wooCode === 'rest_no_route') {
      throw new BridgeError('WOO_ERROR', `WooCommerce has no route ${path}: is the BitPay Checkout plugin active?`);
    }
    if (res.status === 404) throw new BridgeError('ORDER_NOT_FOUND', `WooCommerce: ${what}.`);
    if (res.status >= 300 && res.status < 400) {
      throw new BridgeError(
        'WOO_ERROR',
        `WooCommerce redirected ${method} ${path}: check the shop URL and permalinks.`,
      );
    }
    throw new BridgeError('WOO_ERROR', `WooCommerce: ${what}${res.ok ? ' with a body that is not JSON' : ''}.`);
  }
}
