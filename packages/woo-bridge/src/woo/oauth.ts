import { createHmac, randomBytes } from 'node:crypto';

/** RFC 3986 percent-encoding, as OAuth 1.0a (and PHP's rawurlencode) require. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface OAuthRequest {
  method: string;
  /** Absolute URL; its query parameters are signed too. */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  /** Unix seconds. */
  timestamp: number;
  nonce?: string;
}

/**
 * OAuth 1.0a one-legged signing, the way WooCommerce checks it over plain http (WC_REST_Authentication):
 * base string `METHOD&enc(url without query)&enc(sorted k=v of query + oauth_*)`, HMAC-SHA256 keyed by
 * `secret&` (no token). A JSON body is not signed. Returns the URL with the oauth_* parameters added.
 */
export function oauthSignedUrl(req: OAuthRequest): string {
  const url = new URL(req.url);
  const params: [string, string][] = [...url.searchParams.entries()];
  params.push(
    ['oauth_consumer_key', req.consumerKey],
    ['oauth_nonce', req.nonce ?? randomBytes(16).toString('hex')],
    ['oauth_signature_method', 'HMAC-SHA256'],
    ['oauth_timestamp', String(req.timestamp)],
  );
  const signature = oauthSignature(req.method, `${url.origin}${url.pathname}`, params, req.consumerSecret);
  const signed = new URL(url.origin + url.pathname);
  for (const [k, v] of params) signed.searchParams.append(k, v);
  signed.searchParams.append('oauth_signature', signature);
  return signed.href;
}

/** The signature over method, base URL and parameters (the oauth_signature itself excluded). */
export function oauthSignature(
  method: string,
  baseUrl: string,
  params: readonly (readonly [string, string])[],
  consumerSecret: string,
  algorithm: 'sha256' | 'sha1' = 'sha256',
): string {
  const normalized = params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const base = `${method.toUpperCase()}&${rfc3986(baseUrl)}&${rfc3986(normalized)}`;
  return createHmac(algorithm, `${consumerSecret}&`).update(base).digest('base64');
}
