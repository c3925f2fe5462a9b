import type { Key } from '@bitpay-checkout/bitpay-client';
import type { Request } from 'express';
import type { Logger } from '../log/logger.js';
import type { StatusChangeEvent, Store } from '../store/types.js';

/** What `resolveOrder` returns: the only source of an invoice's price and currency. */
export interface OrderDetails {
  /** In `currency`; > 0. */
  price: number;
  /** ISO 4217 (USD, EUR…) or a crypto code BitPay accepts. */
  currency: string;
  itemDesc?: string;
  /** Passed to BitPay only; never shown back to the browser. */
  buyer?: { name?: string; email?: string; [field: string]: unknown };
  /** Where BitPay's hosted page sends the shopper after paying. */
  redirectURL?: string;
  /** Where the element's success screen links. */
  receiptUrl?: string;
  /** False when the order exists but must not be paid now (already paid, cancelled). Default true. */
  payable?: boolean;
}

export type ResolveOrder = (orderId: string, req: Request) => OrderDetails | null | Promise<OrderDetails | null>;
/** The adapter always passes `context`; its `signal` aborts when the call passes `outbox.hookTimeoutMs` or the adapter closes. */
export type OnStatusChange = (event: StatusChangeEvent, context?: { signal: AbortSignal }) => void | Promise<void>;

export interface RateLimitOptions {
  /** Window length, ms. */
  windowMs?: number;
  /** POST /invoices per IP per window. */
  create?: number;
  /** GET /invoices/:id/events (and GET /invoices/:id) per IP per window. */
  events?: number;
}

export interface OutboxOptions {
  /** First retry delay, ms (doubles per attempt, full jitter). */
  baseDelayMs?: number;
  /** Retry delay cap, ms. */
  maxDelayMs?: number;
  /** How often due entries are looked for, ms. */
  pollIntervalMs?: number;
  /** How long a running hook holds its entry before another instance may retry it, ms. */
  leaseMs?: number;
  /**
   * Longest one `onStatusChange` call may take, ms. Then its AbortSignal fires, the delivery counts as failed
   * (retried with the backoff above) and the next events go on. Default 30000.
   */
  hookTimeoutMs?: number;
}

export interface SseOptions {
  /** Streams one client address may hold open at once, or `false`. Default 20. */
  perAddress?: number | false;
  /** A stream ends after this long (ms) with a retry hint; the browser's EventSource reconnects. Default 1800000. */
  maxLifetimeMs?: number;
}

export interface QrOptions {
  /** QR images drawn per client address per `rateLimit.windowMs` (cached images are not counted), or `false`. Default 60. */
  rendersPerAddress?: number | false;
  /** QR images kept in memory. Default 1000. */
  cacheEntries?: number;
}

/**
 * Limits on `POST /ipn`. The route is public and invoice ids are too, so unsigned IPNs (BitPay's documented kind)
 * are limited; one whose `x-signature` verifies is never limited. Excess IPNs get 429 with Retry-After (BitPay
 * retries them on its schedule). An IPN for an invoice whose re-read is already queued costs nothing and is not counted.
 */
export interface IpnOptions {
  /** Window of both limits, ms. */
  windowMs?: number;
  /** Unsigned IPNs per source address per window, or `false` (behind a proxy that limits). */
  perSource?: number | false;
  /** Unsigned IPNs recorded per invoice per window, or `false`. */
  perInvoice?: number | false;
  /** Bytes of an IPN body kept in the journal (for diagnosis; the adapter needs only the invoice id). */
  keepBodyBytes?: number;
}

export interface CheckoutAdapterOptions {
  /** `'test'` (test.bitpay.com), `'prod'` (bitpay.com) or a base URL such as a local sandbox. Required. */
  environment: 'test' | 'prod' | (string & {});
  /** The private key: a Key (bitpay-client), 64 hex chars or PEM. Default: read from `keyFile`. */
  key?: Key | string;
  /** Key file written by `bitpay-checkout init`. Default `./.bitpay-checkout/key.hex`. */
  keyFile?: string;
  /** API tokens per facade. Default: read from `tokensFile`. */
  tokens?: { merchant?: string; pos?: string };
  /** Token file written by `bitpay-checkout pair`. Default `./.bitpay-checkout/tokens.json`. */
  tokensFile?: string;
  /** Facade that creates invoices. Default `merchant` when a merchant token exists, else `pos`. */
  facade?: 'merchant' | 'pos';
  /** Public URL of this adapter's `POST /ipn` (https in production). Default: none (status comes from refreshes only). */
  notificationURL?: string;
  /** Price, currency and details of an order, or null when there is no such order. Required. */
  resolveOrder: ResolveOrder;
  /** Called at least once per status change, through a durable outbox; use `idempotencyKey` to deduplicate. */
  onStatusChange?: OnStatusChange;
  /** Where state lives. Default `sqliteStore()` (./data/bitpay-checkout.sqlite). Closed by `adapter.close()`. */
  store?: Store;
  /** Origins (scheme://host[:port]) allowed to call cross-origin. Default none: same origin only. */
  allowedOrigins?: string[];
  /** Refresh interval of watched invoices, ms. Default 5000. */
  refreshIntervalMs?: number;
  /**
   * How long after its expiry an expired or invalid invoice is still followed for a late payment, ms: its stream
   * stays open, it is re-read every `monitoringIntervalMs` and on IPNs, and the order keeps it until the shopper
   * asks for a new one. 0 stops at expiry. Default 86400000 (24 h, as BTCPay).
   */
  monitoringWindowMs?: number;
  /** How often invoices in their monitoring window are re-read from BitPay when nobody watches them, ms. Default 300000. */
  monitoringIntervalMs?: number;
  /** SSE heartbeat interval, ms. Default 15000. */
  heartbeatIntervalMs?: number;
  /** Per-IP limits, or `false` to turn them off (behind a proxy that limits). Default {windowMs: 60000, create: 30, events: 120}. */
  rateLimit?: RateLimitOptions | false;
  /** Largest browser JSON body, bytes. Default 16384. */
  bodyLimitBytes?: number;
  /** Largest IPN body, bytes. Default 262144. */
  ipnBodyLimitBytes?: number;
  /** BitPay `transactionSpeed`. Default `medium`. */
  transactionSpeed?: 'high' | 'medium' | 'low';
  /** Reject IPNs without `x-signature` (BitPay documents IPNs as unsigned, so default false). */
  requireIpnSignature?: boolean;
  /** IPN limits. Default {windowMs: 60000, perSource: 600, perInvoice: 20, keepBodyBytes: 8192}. */
  ipn?: IpnOptions;
  /**
   * How long one attempt holds an order while BitPay creates its invoice, ms; then another attempt (or the
   * start-up recovery) takes over with the same guid, looking the invoice up by guid first. Keep it above
   * BitPay's worst case (timeoutMs × (maxRetries + 1) plus backoff). Default 60000.
   */
  createLeaseMs?: number;
  /**
   * Longest a shopper's `POST /invoices` waits for BitPay, ms; then it answers 503 INVOICE_PENDING (Retry-After)
   * while the create goes on; the retry gets the invoice. Default 10000.
   */
  createDeadlineMs?: number;
  /** Outbox retry policy and hook timeout. */
  outbox?: OutboxOptions;
  /**
   * Path the router is mounted at (`app.use(mountPath, adapter.router)`), for the QR paths in `onStatusChange`
   * events: they are made in the background, where no request says it. Answers to requests use the request's. Default "/bitpay".
   */
  mountPath?: string;
  /** Event stream limits. */
  sse?: SseOptions;
  /** QR image limits. */
  qr?: QrOptions;
  /** Default: console with a `[bitpay-checkout]` prefix. */
  logger?: Logger;
  /** BitPay request timeout per attempt, ms. Default: the client's (15000). */
  timeoutMs?: number;
  /** BitPay retries for retry-safe calls. Default: the client's (2). */
  maxRetries?: number;
  /** Folder of the element's script bundle. Default: resolved from @bitpay-checkout/checkout-element. */
  bundleDir?: string;
  /** Clock, ms since epoch. Default Date.now. */
  now?: () => number;
  /** fetch used to reach BitPay. Default globalThis.fetch. */
  fetch?: typeof fetch;
}
