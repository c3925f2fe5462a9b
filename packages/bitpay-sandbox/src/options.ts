import { SandboxError } from './errors.js';

/** Options of `startSandbox`; every one has a safe default. */
export interface SandboxOptions {
  /** TCP port; 0 picks a free one. Default 4010. */
  port?: number;
  /** Bind address. Default '127.0.0.1' (a sandbox has no business on a public interface). */
  host?: string;
  /** Approve client-initiated pairing codes at once. Default false. */
  autoApprove?: boolean;
  /** URL clients address (behind a proxy or tunnel); signatures are verified against it. Default: the bound address. */
  publicUrl?: string;
  /** Rebuild the addressed URL from X-Forwarded-Proto/Host. Default false (only when a trusted proxy sets them). */
  trustProxy?: boolean;
  /** Send `x-signature` on IPNs. Default true. */
  signIpns?: boolean;
  /** Initial sandbox clock, ms since the epoch. Default: now. */
  now?: number;
  /** Let sandbox time flow with the wall clock (false: it moves only through advance). Default true. */
  realTime?: boolean;
  /** Merchant name shown on invoices. Default 'Sandbox Merchant'. */
  merchantName?: string;
  /** IPN delivery timeout (wall clock). Default 10 000 ms. */
  ipnTimeoutMs?: number;
  /** Log sink for one-line events (IPN attempts, internal errors). Default: none. */
  log?: (line: string) => void;
}

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';

const KNOWN = new Set([
  'port',
  'host',
  'autoApprove',
  'publicUrl',
  'trustProxy',
  'signIpns',
  'now',
  'realTime',
  'merchantName',
  'ipnTimeoutMs',
  'log',
]);

export type ResolvedOptions = Required<Omit<SandboxOptions, 'publicUrl'>> & { publicUrl?: string };

function bad(name: string, value: unknown, why: string): never {
  throw new SandboxError(
    'invalid_option',
    `startSandbox: option ${name}=${typeof value === 'string' ? JSON.stringify(value) : String(value)} ${why}`,
  );
}

/** Validates options once, naming the option on error (unknown keys included). */
export function resolveOptions(o: SandboxOptions = {}): ResolvedOptions {
  for (const k of Object.keys(o)) if (!KNOWN.has(k)) bad(k, (o as Record<string, unknown>)[k], 'is not an option');
  const port = o.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) bad('port', port, 'must be an integer 0-65535');
  const host = o.host ?? DEFAULT_HOST;
  if (typeof host !== 'string' || host === '') bad('host', host, 'must be a host name or address');
  let publicUrl: string | undefined;
  if (o.publicUrl !== undefined) {
    let u: URL;
    try {
      u = new URL(o.publicUrl);
    } catch {
      bad('publicUrl', o.publicUrl, 'must be an absolute http(s) URL');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') bad('publicUrl', o.publicUrl, 'must be http(s)');
    publicUrl = o.publicUrl.endsWith('/') ? o.publicUrl : `${o.publicUrl}/`;
  }
  const now = o.now ?? Date.now();
  if (!Number.isFinite(now)) bad('now', o.now, 'must be ms since the epoch');
  const ipnTimeoutMs = o.ipnTimeoutMs ?? 10_000;
  if (!Number.isFinite(ipnTimeoutMs) || ipnTimeoutMs <= 0) bad('ipnTimeoutMs', ipnTimeoutMs, 'must be > 0');
  for (const k of ['autoApprove', 'trustProxy', 'signIpns', 'realTime'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') bad(k, o[k], 'must be a boolean');
  }
  if (o.log !== undefined && typeof o.log !== 'function') bad('log', o.log, 'must be a function');
  return {
    port,
    host,
    autoApprove: o.autoApprove ?? false,
    publicUrl,
    trustProxy: o.trustProxy ?? false,
    signIpns: o.signIpns ?? true,
    now,
    realTime: o.realTime ?? true,
    merchantName: o.merchantName ?? 'Sandbox Merchant',
    ipnTimeoutMs,
    log: o.log ?? (() => {}),
  };
}
