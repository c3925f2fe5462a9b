import {
  type CheckoutAdapter,
  consoleLogger,
  type Logger,
  type ResolveOrder,
  type StatusChangeEvent,
} from '@bitpay-checkout/server-adapter';
import type { Router } from 'express';
import { BridgeError } from './errors/errors.js';
import { makeOnStatusChange, makeResolveOrder, type OrderHooksContext, PerOrderQueue } from './orders/hooks.js';
import { resolveStatusMap, type StatusMap } from './orders/transitions.js';
import { type PluginRoutesOptions, pluginRoutes } from './server/plugin-routes.js';
import { WooClient } from './woo/rest-client.js';

export interface WooCommerceOptions {
  /** The shop's home URL ("Site Address"), e.g. https://shop.example. */
  url: string;
  /** A WooCommerce REST key with read/write access (WooCommerce → Settings → Advanced → REST API). */
  consumerKey: string;
  consumerSecret: string;
  /** The secret shared with the plugin (its "Shared secret" setting): at least 32 characters. */
  sharedSecret: string;
  /** Where each BitPay event takes the order; see DEFAULT_STATUS_MAP. */
  statusMap?: Partial<StatusMap>;
  /** Default: console with a `[bitpay-checkout]` prefix. */
  logger?: Logger;
  /** REST request timeout, ms. Default 15000. */
  timeoutMs?: number;
  /** fetch used to reach WooCommerce. */
  fetch?: typeof fetch;
  /** Clock, ms since epoch. Default Date.now. */
  now?: () => number;
}

export interface WooCommerceBridge {
  /** For `createCheckoutAdapter({ resolveOrder })`. */
  resolveOrder: ResolveOrder;
  /** For `createCheckoutAdapter({ onStatusChange })`. */
  onStatusChange: (event: StatusChangeEvent) => Promise<void>;
  /**
   * The plugin's signed server-to-server routes (create the invoice, refund, test the connection); mount them at
   * `/woo` beside the adapter. Binds the hooks to the adapter (its store tells when an invoice gets replaced).
   */
  pluginRouter(adapter: CheckoutAdapter, options: PluginRoutesOptions): Router;
  /** The shop's origin, for the adapter's `allowedOrigins` (the element runs on the shop's pages). */
  origin: string;
  client: WooClient;
}

const OPTIONS = new Set([
  'url',
  'consumerKey',
  'consumerSecret',
  'sharedSecret',
  'statusMap',
  'logger',
  'timeoutMs',
  'fetch',
  'now',
]);
export const MIN_SHARED_SECRET_LENGTH = 32;

function invalid(message: string): never {
  throw new BridgeError('INVALID_OPTION', message);
}

/**
 * The WooCommerce hooks for the adapter: orders are read and moved over the shop's REST API, and the plugin's
 * calls are verified with the shared secret. Options are validated here, once.
 */
export function wooCommerce(options: WooCommerceOptions): WooCommerceBridge {
  if (typeof options !== 'object' || options === null) invalid('wooCommerce() needs an options object.');
  for (const k of Object.keys(options)) if (!OPTIONS.has(k)) invalid(`wooCommerce(): unknown option "${k}".`);
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    invalid('url must be the shop\'s address, e.g. "https://shop.example".');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') invalid('url must start with https:// (or http://).');
  if (url.search || url.hash) invalid("url must be the shop's home URL, without a query or fragment.");
  for (const k of ['consumerKey', 'consumerSecret'] as const) {
    if (typeof options[k] !== 'string' || options[k].trim() === '')
      invalid(`${k} is required (a WooCommerce REST key).`);
  }
  if (typeof options.sharedSecret !== 'string' || options.sharedSecret.length < MIN_SHARED_SECRET_LENGTH) {
    invalid(
      `sharedSecret must be at least ${MIN_SHARED_SECRET_LENGTH} characters (bitpay-checkout-woo secret makes one).`,
    );
  }
  const now = options.now ?? Date.now;
  const client = new WooClient({
    url: url.href,
    consumerKey: options.consumerKey,
    consumerSecret: options.consumerSecret,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    nowSeconds: () => Math.floor(now() / 1000),
  });
  const ctx: OrderHooksContext = {
    woo: client,
    sharedSecret: options.sharedSecret,
    statusMap: resolveStatusMap(options.statusMap),
    logger: options.logger ?? consoleLogger,
    nowSeconds: () => Math.floor(now() / 1000),
    adapter: null,
  };
  const queue = new PerOrderQueue();
  return {
    resolveOrder: makeResolveOrder(ctx, queue),
    onStatusChange: makeOnStatusChange(ctx, queue),
    pluginRouter(adapter, routeOptions) {
      ctx.adapter = adapter;
      return pluginRoutes(ctx, queue, adapter, routeOptions);
    },
    origin: url.origin,
    client,
  };
}
