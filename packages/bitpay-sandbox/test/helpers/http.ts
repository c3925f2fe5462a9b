import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from '../../src/index.js';
import { identityOf, signHex } from './bitauth.js';

export interface ApiResult {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test JSON is explored freely
  json: any;
  headers: Headers;
}

export interface CallOptions {
  /** Sign with this private key (hex) over base URL + path + raw body. */
  key?: string;
  /** Extra or overriding headers. */
  headers?: Record<string, string>;
  /** Sign this string instead of what is sent (to forge bad signatures). */
  signOverride?: string;
  highS?: boolean;
}

/** Calls the sandbox's BitPay API the way the SDKs do: exact URL, exact body bytes, optional BitAuth. */
export async function call(
  sb: Sandbox,
  method: string,
  path: string,
  body?: unknown,
  opts: CallOptions = {},
): Promise<ApiResult> {
  const url = sb.url + path.replace(/^\//, '');
  const raw = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    'X-Accept-Version': '2.0.0',
    'Content-Type': 'application/json',
    ...opts.headers,
  };
  if (opts.key) {
    headers['X-Identity'] = identityOf(opts.key);
    headers['X-Signature'] = signHex(opts.key, opts.signOverride ?? url + (raw ?? ''), opts.highS ? 'high' : 'as-is');
  }
  const res = await fetch(url, { method, headers, body: raw });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** Calls the control surface. */
export async function control(sb: Sandbox, method: string, path: string, body?: unknown): Promise<ApiResult> {
  const res = await fetch(sb.url + path.replace(/^\//, ''), {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** A dashboard pos token (no signature needed). */
export async function posToken(sb: Sandbox): Promise<string> {
  return (await control(sb, 'POST', '/sandbox/tokens', { facade: 'pos' })).json.data.token;
}

/** Client-initiated pairing for `facade`, approved through the control surface. */
export async function pairedToken(sb: Sandbox, key: string, facade: 'merchant' | 'payout' | 'pos'): Promise<string> {
  const { sinOf } = await import('./bitauth.js');
  const r = await call(sb, 'POST', '/tokens', { id: sinOf(key), facade });
  const { token, pairingCode } = r.json.data[0];
  await control(sb, 'POST', `/sandbox/pairing/${pairingCode}/approve`);
  return token;
}

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A merchant IPN endpoint on 127.0.0.1 that records what it gets and answers with `status()` (default 200). */
export async function receiver(status: () => number = () => 200, extra: Record<string, string> = {}) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status(), extra);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ipn`;
  return {
    url,
    got,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
