/** How often a watched invoice is refreshed from BitPay (one request per interval per invoice, all instances). */
export const DEFAULT_REFRESH_INTERVAL_MS = 5000;
/** How long an expired or invalid invoice is followed for a late payment (BTCPay's default). */
export const DEFAULT_MONITORING_WINDOW_MS = 24 * 60 * 60_000;
/** Background re-read of invoices in their monitoring window (one request per interval per invoice, all instances). */
export const DEFAULT_MONITORING_INTERVAL_MS = 5 * 60_000;
/** SSE comment line interval: keeps proxies from closing idle streams. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 15_000;
/** `retry:` sent to EventSource clients. */
export const DEFAULT_SSE_RETRY_MS = 3000;
/** Largest JSON body accepted from a browser. */
export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;
/** Largest IPN body accepted (BitPay's invoices are a few KB). */
export const DEFAULT_IPN_BODY_LIMIT_BYTES = 256 * 1024;
/** Per-IP limits over one window. */
export const DEFAULT_RATE_LIMIT = Object.freeze({ windowMs: 60_000, create: 30, events: 120 });
/** Invoice creation settings sent to BitPay. */
export const DEFAULT_TRANSACTION_SPEED = 'medium';
/** Outbox retry policy: exponential with jitter, capped. */
export const DEFAULT_OUTBOX = Object.freeze({
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  pollIntervalMs: 500,
  leaseMs: 60_000,
  hookTimeoutMs: 30_000,
});
/** Where the adapter is mounted: QR paths in `onStatusChange` events (background work has no request to ask). */
export const DEFAULT_MOUNT_PATH = '/bitpay';
/** Event streams: open at once per client address, and how long one lasts before the browser reconnects. */
export const DEFAULT_SSE = Object.freeze({ perAddress: 20, maxLifetimeMs: 30 * 60_000 });
/** QR images: renders per client address per rate-limit window (cached ones are free), and the cache's size. */
export const DEFAULT_QR = Object.freeze({ rendersPerAddress: 60, cacheEntries: 1000 });
/** How long an order's creation lease lasts before another request may try again (with the same guid). */
export const DEFAULT_CREATE_LEASE_MS = 60_000;
/** Longest a shopper's create waits for BitPay before a retryable INVOICE_PENDING. */
export const DEFAULT_CREATE_DEADLINE_MS = 10_000;
/** IPN limits: unsigned IPNs per source and recorded per invoice per window; body bytes kept. */
export const DEFAULT_IPN = Object.freeze({ windowMs: 60_000, perSource: 600, perInvoice: 20, keepBodyBytes: 8192 });
/** Retry interval for IPNs whose re-fetch failed (BitPay unreachable). */
export const DEFAULT_IPN_RETRY_MS = 5000;
/** Where the CLI keeps the key and tokens, relative to the working directory. */
export const DEFAULT_CONFIG_DIR = './.bitpay-checkout';
export const DEFAULT_KEY_FILE = `${DEFAULT_CONFIG_DIR}/key.hex`;
export const DEFAULT_TOKENS_FILE = `${DEFAULT_CONFIG_DIR}/tokens.json`;
