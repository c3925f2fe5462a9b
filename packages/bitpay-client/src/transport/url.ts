import { BitPayConfigError } from '../errors/errors.js';

/** The two BitPay environments (§7). Any other value must be an http(s) base URL, e.g. a sandbox. */
export const ENVIRONMENTS = { test: 'https://test.bitpay.com/', prod: 'https://bitpay.com/' } as const;

/** Normalised base URL with a trailing slash: exactly what fetch will put on the wire, so signatures match. */
export function resolveBaseUrl(environment: string): string {
  if (environment === 'test' || environment === 'prod') return ENVIRONMENTS[environment];
  let url: URL;
  try {
    url = new URL(environment);
  } catch {
    throw new BitPayConfigError(
      'INVALID_OPTION',
      `environment must be 'test', 'prod' or an http(s) URL; got ${JSON.stringify(environment)}.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BitPayConfigError('INVALID_OPTION', `environment URL must be http or https; got ${url.protocol}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new BitPayConfigError('INVALID_OPTION', 'environment URL must not carry a query, fragment or credentials.');
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

export type QueryValue = string | number | boolean | bigint | null | undefined;

/**
 * `k=v&…` with encodeURIComponent: its output holds only characters the WHATWG URL parser leaves alone,
 * so the request-target BitPay sees is byte-for-byte the string we signed. Empty/undefined values are skipped.
 */
export function buildQuery(params: Record<string, QueryValue>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.join('&');
}

/** One path segment (an id, guid or currency), percent-encoded so it cannot change the path. */
export function seg(value: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new BitPayConfigError('INVALID_OPTION', 'An id or path segment must be a non-empty string.');
  }
  return encodeURIComponent(value);
}
