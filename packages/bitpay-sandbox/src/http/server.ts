import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorize } from '../auth/authorize.js';
import type { CachedResponse } from '../auth/sessions.js';
import { ApiError, plainError, SandboxError } from '../errors.js';
import { writeJson } from '../json/write.js';
import type { SandboxState } from '../state/state.js';
import type { RequestContext, Router } from './router.js';

const MAX_BODY = 1_000_000;

const CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'HEAD,GET,POST,PUT,DELETE,OPTIONS',
  'access-control-expose-headers': 'x-sandbox-error-code',
  'access-control-allow-headers':
    'Content-Type,Authorization,Content-Length,X-Requested-With,Cache-Control,X-Accept-Version,x-signature,x-pubkey,x-identity,x-bitpay-version,x-bitpay-plugin-info,x-bitpay-api-frame,x-bitpay-api-frame-version,x-bitpay-platform-info',
};

export interface ServerOptions {
  /** Fixed public base URL (trailing slash), or undefined to use the Host header. */
  publicUrl?: string;
  trustProxy: boolean;
  log: (line: string) => void;
}

/** Reads the whole body as raw bytes (signatures are over these exact bytes). */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function first(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.split(',')[0]?.trim() || undefined;
}

/** The URL the client addressed: the public URL if set, else scheme://Host (X-Forwarded-* only when trusted). */
export function addressedUrl(req: IncomingMessage, opts: ServerOptions): string {
  const target = req.url ?? '/';
  if (opts.publicUrl) return opts.publicUrl + target.replace(/^\//, '');
  let proto = 'http';
  let host = req.headers.host ?? 'localhost';
  if (opts.trustProxy) {
    proto = first(req.headers['x-forwarded-proto']) ?? proto;
    host = first(req.headers['x-forwarded-host']) ?? host;
  }
  return `${proto}://${host}${target}`;
}

export function send(
  res: ServerResponse,
  status: number,
  body: Buffer | string,
  type: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': type, ...CORS, ...extra });
  res.end(body);
}

function sendApiError(res: ServerResponse, err: ApiError): void {
  send(res, err.status, writeJson(err.body), 'application/json; charset=utf-8', { 'x-sandbox-error-code': err.code });
}

/** BitPay API dispatch: parse, authorize (facades, signatures), sessions, handler, BitPay envelopes for errors. */
export async function handleApi(
  state: SandboxState,
  router: Router,
  opts: ServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  raw: Buffer,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  const found = router.match(method, url.pathname);
  if (!found) return sendApiError(res, plainError('not_found', 404, 'Not found'));
  if (found === 'method') return sendApiError(res, plainError('method_not_allowed', 405, 'Method not allowed'));

  let body: Record<string, unknown> = {};
  if ((method === 'POST' || method === 'PUT') && raw.length > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendApiError(res, plainError('invalid_json', 400, 'Invalid JSON body'));
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return sendApiError(res, plainError('invalid_json', 400, 'Invalid JSON body'));
    }
    body = parsed as Record<string, unknown>;
  }
  const ctx: RequestContext = {
    method,
    path: url.pathname,
    query: url.searchParams,
    rawBody: raw,
    body,
    signedUrl: addressedUrl(req, opts),
    headers: req.headers,
    params: found.params,
  };
  let commit: ((r: CachedResponse) => void) | undefined;
  try {
    authorize(ctx, found.route.access, state.tokens);
    const sessionId = method === 'GET' || method === 'DELETE' ? ctx.query.get('sessionId') : ctx.body.sessionId;
    if (sessionId !== undefined && sessionId !== null) {
      const requestNumber =
        method === 'GET' || method === 'DELETE' ? ctx.query.get('requestNumber') : ctx.body.requestNumber;
      const s = state.sessions.check(String(sessionId), requestNumber);
      if ('replay' in s) {
        return send(res, s.replay.status, s.replay.body, 'application/json; charset=utf-8');
      }
      commit = s.commit;
    }
    const reply = await found.route.handle(ctx);
    const status = reply.status ?? 200;
    const bytes = Buffer.from(writeJson(reply.body), 'utf8');
    commit?.({ status, body: bytes });
    send(res, status, bytes, 'application/json; charset=utf-8');
  } catch (err) {
    if (err instanceof ApiError) {
      commit?.({ status: err.status, body: Buffer.from(writeJson(err.body), 'utf8') });
      return sendApiError(res, err);
    }
    if (err instanceof SandboxError) {
      return sendApiError(res, new ApiError(err.code, 400, { error: err.message }));
    }
    opts.log(`internal error on ${method} ${url.pathname}: ${err instanceof Error ? err.stack : String(err)}`);
    sendApiError(res, plainError('internal_error', 500, 'Internal error'));
  }
}

export { readBody };
