import { readFileSync } from 'node:fs';
import { Key, keyFromHex, keyFromPem } from '@bitpay-checkout/bitpay-client';
import { AdapterError } from '../errors/errors.js';
import { consoleLogger, type Logger } from '../log/logger.js';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_CREATE_DEADLINE_MS,
  DEFAULT_CREATE_LEASE_MS,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_IPN,
  DEFAULT_IPN_BODY_LIMIT_BYTES,
  DEFAULT_KEY_FILE,
  DEFAULT_MONITORING_INTERVAL_MS,
  DEFAULT_MONITORING_WINDOW_MS,
  DEFAULT_MOUNT_PATH,
  DEFAULT_OUTBOX,
  DEFAULT_QR,
  DEFAULT_RATE_LIMIT,
  DEFAULT_REFRESH_INTERVAL_MS,
  DEFAULT_SSE,
  DEFAULT_TOKENS_FILE,
  DEFAULT_TRANSACTION_SPEED,
} from './defaults.js';
import type { CheckoutAdapterOptions, OnStatusChange, ResolveOrder } from './types.js';

const KNOWN: readonly (keyof CheckoutAdapterOptions)[] = [
  'environment',
  'key',
  'keyFile',
  'tokens',
  'tokensFile',
  'facade',
  'notificationURL',
  'resolveOrder',
  'onStatusChange',
  'store',
  'allowedOrigins',
  'refreshIntervalMs',
  'monitoringWindowMs',
  'monitoringIntervalMs',
  'heartbeatIntervalMs',
  'rateLimit',
  'bodyLimitBytes',
  'ipnBodyLimitBytes',
  'transactionSpeed',
  'requireIpnSignature',
  'ipn',
  'createLeaseMs',
  'createDeadlineMs',
  'outbox',
  'mountPath',
  'sse',
  'qr',
  'logger',
  'timeoutMs',
  'maxRetries',
  'bundleDir',
  'now',
  'fetch',
];

/** Options after validation: every default filled in, secrets loaded. */
export interface ResolvedOptions {
  environment: string;
  key: Key;
  tokens: { merchant?: string; pos?: string };
  facade: 'merchant' | 'pos';
  notificationURL: string | null;
  resolveOrder: ResolveOrder;
  onStatusChange: OnStatusChange | null;
  allowedOrigins: ReadonlySet<string>;
  refreshIntervalMs: number;
  monitoringWindowMs: number;
  monitoringIntervalMs: number;
  heartbeatIntervalMs: number;
  rateLimit: { windowMs: number; create: number; events: number } | false;
  bodyLimitBytes: number;
  ipnBodyLimitBytes: number;
  transactionSpeed: 'high' | 'medium' | 'low';
  requireIpnSignature: boolean;
  ipn: { windowMs: number; perSource: number | false; perInvoice: number | false; keepBodyBytes: number };
  createLeaseMs: number;
  createDeadlineMs: number;
  outbox: { baseDelayMs: number; maxDelayMs: number; pollIntervalMs: number; leaseMs: number; hookTimeoutMs: number };
  mountPath: string;
  sse: { perAddress: number | false; maxLifetimeMs: number };
  qr: { rendersPerAddress: number | false; cacheEntries: number };
  logger: Logger;
  timeoutMs: number | undefined;
  maxRetries: number | undefined;
  bundleDir: string | undefined;
  now: () => number;
  fetch: typeof fetch | undefined;
}

const fail = (option: string, why: string): never => {
  throw new AdapterError('INVALID_OPTION', `createCheckoutAdapter: option "${option}" ${why}`);
};

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

function suggestion(name: string, known: readonly string[]): string {
  const best = known.map((k) => [k, distance(name, k)] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= Math.max(2, Math.floor(name.length / 3)) ? ` Did you mean "${best[0]}"?` : '';
}

function checkKeys(where: string, value: object, known: readonly string[]): void {
  for (const name of Object.keys(value)) {
    if (!known.includes(name))
      fail(where ? `${where}.${name}` : name, `is not a known option.${suggestion(name, known)}`);
  }
}

function int(option: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(option, `must be an integer ≥ ${min}; got ${JSON.stringify(value)}.`);
  }
  return value as number;
}

function origin(option: string, value: unknown): string {
  if (typeof value !== 'string') return fail(option, 'must hold strings like "https://shop.example".');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(option, `holds "${value}", which is not an origin like "https://shop.example".`);
  }
  if (url.origin !== value.replace(/\/$/, '') || !/^https?:$/.test(url.protocol)) {
    fail(option, `holds "${value}"; give only scheme://host[:port], e.g. "${url.origin}".`);
  }
  return url.origin;
}

function readSecretFile(option: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return fail(
      option,
      `points at "${path}", which cannot be read (${code}). Run \`bitpay-checkout init\` and \`bitpay-checkout pair\`, or pass it inline.`,
    );
  }
}

function loadKeyOption(options: CheckoutAdapterOptions): Key {
  if (options.key !== undefined && options.keyFile !== undefined) fail('key', 'and "keyFile" are exclusive; give one.');
  const inline = options.key !== undefined;
  if (options.key instanceof Key) return options.key;
  if (inline && typeof options.key !== 'string') fail('key', 'must be a Key or a string (64 hex chars or PEM).');
  if (options.keyFile !== undefined && typeof options.keyFile !== 'string') fail('keyFile', 'must be a path.');
  const text = inline ? (options.key as string) : readSecretFile('keyFile', options.keyFile ?? DEFAULT_KEY_FILE);
  try {
    return text.includes('-----BEGIN') ? keyFromPem(text) : keyFromHex(text);
  } catch {
    // Never echo the value: it is (or is close to) a private key.
    return fail(inline ? 'key' : 'keyFile', 'is not a valid secp256k1 private key (64 hex chars or PEM).');
  }
}

const TOKEN = /^[A-Za-z0-9]{20,100}$/;

function loadTokens(options: CheckoutAdapterOptions): { merchant?: string; pos?: string } {
  if (options.tokens !== undefined && options.tokensFile !== undefined) {
    fail('tokens', 'and "tokensFile" are exclusive; give one.');
  }
  let raw: unknown = options.tokens;
  let where = 'tokens';
  if (raw === undefined) {
    where = 'tokensFile';
    const text = readSecretFile(where, options.tokensFile ?? DEFAULT_TOKENS_FILE);
    try {
      raw = JSON.parse(text);
    } catch {
      fail(where, 'is not JSON; `bitpay-checkout pair` writes {"merchant": "…"}.');
    }
  }
  if (typeof raw !== 'object' || raw === null) return fail(where, 'must be an object like { merchant: "…" }.');
  const known = where === 'tokens' ? ['merchant', 'pos'] : ['merchant', 'pos', 'environment', 'payout'];
  checkKeys(where, raw, known);
  const fileEnv = (raw as { environment?: unknown }).environment;
  const slash = (v: unknown) => String(v).replace(/\/$/, '');
  if (fileEnv !== undefined && slash(fileEnv) !== slash(options.environment)) {
    fail(where, `holds tokens for ${String(fileEnv)}, not for environment ${String(options.environment)}.`);
  }
  const out: { merchant?: string; pos?: string } = {};
  for (const facade of ['merchant', 'pos'] as const) {
    const token = (raw as Record<string, unknown>)[facade];
    if (token === undefined) continue;
    if (typeof token !== 'string' || !TOKEN.test(token)) fail(`${where}.${facade}`, 'is not a BitPay API token.');
    out[facade] = token as string;
  }
  if (!out.merchant && !out.pos)
    fail(where, 'needs a merchant or pos token; run `bitpay-checkout pair --facade merchant`.');
  return out;
}

/** Reads the options once, at start-up: anything unknown, missing or wrong throws, naming the option. */
export function resolveOptions(options: CheckoutAdapterOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new AdapterError('INVALID_OPTION', 'createCheckoutAdapter needs an options object.');
  }
  checkKeys('', options, KNOWN);
  const env = options.environment;
  if (env !== 'test' && env !== 'prod') {
    if (typeof env !== 'string') fail('environment', 'is required: "test", "prod" or a sandbox URL.');
    if (!/^https?:\/\/[^/]+/.test(env)) fail('environment', `must be "test", "prod" or an http(s) URL; got "${env}".`);
  }
  if (typeof options.resolveOrder !== 'function') fail('resolveOrder', 'is required: (orderId, req) => order | null.');
  if (options.onStatusChange !== undefined && typeof options.onStatusChange !== 'function') {
    fail('onStatusChange', 'must be a function.');
  }
  const tokens = loadTokens(options);
  const key = loadKeyOption(options);
  const facade = options.facade ?? (tokens.merchant ? 'merchant' : 'pos');
  if (facade !== 'merchant' && facade !== 'pos') fail('facade', 'must be "merchant" or "pos".');
  if (!tokens[facade]) fail('facade', `is "${facade}" but no ${facade} token was given.`);

  let notificationURL: string | null = null;
  if (options.notificationURL !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(String(options.notificationURL));
    } catch {
      fail('notificationURL', 'is not an absolute URL.');
    }
    const local = env !== 'test' && env !== 'prod';
    if (url!.protocol !== 'https:' && !(local && url!.protocol === 'http:')) {
      fail('notificationURL', 'must be https (BitPay only posts IPNs to https URLs).');
    }
    notificationURL = url!.href;
  }

  const allowed = options.allowedOrigins ?? [];
  if (!Array.isArray(allowed)) fail('allowedOrigins', 'must be an array of origins.');
  const allowedOrigins = new Set(allowed.map((o, i) => origin(`allowedOrigins[${i}]`, o)));

  let rateLimit: ResolvedOptions['rateLimit'] = false;
  if (options.rateLimit !== false) {
    const r = options.rateLimit ?? {};
    if (typeof r !== 'object' || r === null) fail('rateLimit', 'must be an object or false.');
    checkKeys('rateLimit', r, ['windowMs', 'create', 'events']);
    rateLimit = {
      windowMs: int('rateLimit.windowMs', r.windowMs, DEFAULT_RATE_LIMIT.windowMs, 1),
      create: int('rateLimit.create', r.create, DEFAULT_RATE_LIMIT.create, 1),
      events: int('rateLimit.events', r.events, DEFAULT_RATE_LIMIT.events, 1),
    };
  }
  const ipnOpts = options.ipn ?? {};
  if (typeof ipnOpts !== 'object' || ipnOpts === null) fail('ipn', 'must be an object.');
  checkKeys('ipn', ipnOpts, ['windowMs', 'perSource', 'perInvoice', 'keepBodyBytes']);
  const limitOrOff = (name: 'perSource' | 'perInvoice'): number | false =>
    ipnOpts[name] === false ? false : int(`ipn.${name}`, ipnOpts[name], DEFAULT_IPN[name], 1);
  const ipn = {
    windowMs: int('ipn.windowMs', ipnOpts.windowMs, DEFAULT_IPN.windowMs, 1000),
    perSource: limitOrOff('perSource'),
    perInvoice: limitOrOff('perInvoice'),
    keepBodyBytes: int('ipn.keepBodyBytes', ipnOpts.keepBodyBytes, DEFAULT_IPN.keepBodyBytes, 0),
  };
  const createLeaseMs = int('createLeaseMs', options.createLeaseMs, DEFAULT_CREATE_LEASE_MS, 1000);
  const createDeadlineMs = int('createDeadlineMs', options.createDeadlineMs, DEFAULT_CREATE_DEADLINE_MS, 100);
  const o = options.outbox ?? {};
  if (typeof o !== 'object' || o === null) fail('outbox', 'must be an object.');
  checkKeys('outbox', o, ['baseDelayMs', 'maxDelayMs', 'pollIntervalMs', 'leaseMs', 'hookTimeoutMs']);
  const mountPath = options.mountPath ?? DEFAULT_MOUNT_PATH;
  if (typeof mountPath !== 'string' || !/^(\/[\w.~-]+)*$/.test(mountPath)) {
    fail('mountPath', 'must be a path like "/bitpay" (no trailing slash; "" for the root).');
  }
  const sseOpts = options.sse ?? {};
  if (typeof sseOpts !== 'object' || sseOpts === null) fail('sse', 'must be an object.');
  checkKeys('sse', sseOpts, ['perAddress', 'maxLifetimeMs']);
  const sse = {
    perAddress:
      sseOpts.perAddress === false
        ? (false as const)
        : int('sse.perAddress', sseOpts.perAddress, DEFAULT_SSE.perAddress, 1),
    maxLifetimeMs: int('sse.maxLifetimeMs', sseOpts.maxLifetimeMs, DEFAULT_SSE.maxLifetimeMs, 1000),
  };
  const qrOpts = options.qr ?? {};
  if (typeof qrOpts !== 'object' || qrOpts === null) fail('qr', 'must be an object.');
  checkKeys('qr', qrOpts, ['rendersPerAddress', 'cacheEntries']);
  const qr = {
    rendersPerAddress:
      qrOpts.rendersPerAddress === false
        ? (false as const)
        : int('qr.rendersPerAddress', qrOpts.rendersPerAddress, DEFAULT_QR.rendersPerAddress, 1),
    cacheEntries: int('qr.cacheEntries', qrOpts.cacheEntries, DEFAULT_QR.cacheEntries, 0),
  };
  const speed = options.transactionSpeed ?? DEFAULT_TRANSACTION_SPEED;
  if (speed !== 'high' && speed !== 'medium' && speed !== 'low') {
    fail('transactionSpeed', 'must be "high", "medium" or "low".');
  }
  if (options.requireIpnSignature !== undefined && typeof options.requireIpnSignature !== 'boolean') {
    fail('requireIpnSignature', 'must be a boolean.');
  }
  const logger = options.logger ?? consoleLogger;
  if (typeof logger?.warn !== 'function' || typeof logger.info !== 'function' || typeof logger.error !== 'function') {
    fail('logger', 'must have info, warn and error methods.');
  }
  if (options.store !== undefined && typeof options.store?.claimOrder !== 'function') {
    fail('store', 'must be a Store (sqliteStore(), postgresStore(), memoryStore()).');
  }
  if (options.now !== undefined && typeof options.now !== 'function') fail('now', 'must be a function.');
  if (options.fetch !== undefined && typeof options.fetch !== 'function') fail('fetch', 'must be a function.');
  if (options.bundleDir !== undefined && typeof options.bundleDir !== 'string') fail('bundleDir', 'must be a path.');

  return {
    environment: env,
    key,
    tokens,
    facade,
    notificationURL,
    resolveOrder: options.resolveOrder,
    onStatusChange: options.onStatusChange ?? null,
    allowedOrigins,
    refreshIntervalMs: int('refreshIntervalMs', options.refreshIntervalMs, DEFAULT_REFRESH_INTERVAL_MS, 100),
    monitoringWindowMs: int('monitoringWindowMs', options.monitoringWindowMs, DEFAULT_MONITORING_WINDOW_MS, 0),
    monitoringIntervalMs: int(
      'monitoringIntervalMs',
      options.monitoringIntervalMs,
      DEFAULT_MONITORING_INTERVAL_MS,
      100,
    ),
    heartbeatIntervalMs: int('heartbeatIntervalMs', options.heartbeatIntervalMs, DEFAULT_HEARTBEAT_INTERVAL_MS, 100),
    rateLimit,
    bodyLimitBytes: int('bodyLimitBytes', options.bodyLimitBytes, DEFAULT_BODY_LIMIT_BYTES, 64),
    ipnBodyLimitBytes: int('ipnBodyLimitBytes', options.ipnBodyLimitBytes, DEFAULT_IPN_BODY_LIMIT_BYTES, 1024),
    transactionSpeed: speed,
    requireIpnSignature: options.requireIpnSignature ?? false,
    ipn,
    createLeaseMs,
    createDeadlineMs,
    outbox: {
      baseDelayMs: int('outbox.baseDelayMs', o.baseDelayMs, DEFAULT_OUTBOX.baseDelayMs, 1),
      maxDelayMs: int('outbox.maxDelayMs', o.maxDelayMs, DEFAULT_OUTBOX.maxDelayMs, 1),
      pollIntervalMs: int('outbox.pollIntervalMs', o.pollIntervalMs, DEFAULT_OUTBOX.pollIntervalMs, 10),
      leaseMs: int('outbox.leaseMs', o.leaseMs, DEFAULT_OUTBOX.leaseMs, 100),
      hookTimeoutMs: int('outbox.hookTimeoutMs', o.hookTimeoutMs, DEFAULT_OUTBOX.hookTimeoutMs, 10),
    },
    mountPath,
    sse,
    qr,
    logger,
    timeoutMs: options.timeoutMs === undefined ? undefined : int('timeoutMs', options.timeoutMs, 0, 1),
    maxRetries: options.maxRetries === undefined ? undefined : int('maxRetries', options.maxRetries, 0, 0),
    bundleDir: options.bundleDir,
    now: options.now ?? Date.now,
    fetch: options.fetch,
  };
}
