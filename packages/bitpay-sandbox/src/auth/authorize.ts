import { identityBytes, verifyBitAuth } from '../crypto/signature.js';
import { sinFromPublicKey } from '../crypto/sin.js';
import { missingParams, plainError } from '../errors.js';
import type { Access, RequestContext } from '../http/router.js';
import type { TokenStore } from './tokens.js';

function header(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The `token` parameter: in the query for GET/DELETE, in the JSON body for POST/PUT (§3). */
export function tokenParam(ctx: RequestContext): unknown {
  return ctx.method === 'GET' || ctx.method === 'DELETE' ? ctx.query.get('token') : ctx.body.token;
}

/** The addressed URL with its scheme's default port written out, or dropped when it was written out. */
export function defaultPortTwin(url: string): string | undefined {
  const m = /^(https?):\/\/([^/:?#]+)(:\d+)?(.*)$/.exec(url);
  if (!m) return undefined;
  const port = m[1] === 'https' ? ':443' : ':80';
  if (m[3] === port) return `${m[1]}://${m[2]}${m[4]}`;
  if (m[3] === undefined) return `${m[1]}://${m[2]}${port}${m[4]}`;
  return undefined;
}

/**
 * Checks the signature over addressed URL + raw body. The legacy BitPay client signed `https://test.bitpay.com:443/…`
 * (§1.3), so the same URL with the default port written out (or left out) is accepted too.
 */
export function verifiesForUrl(identity: string, signature: string, ctx: RequestContext): boolean {
  for (const url of [ctx.signedUrl, defaultPortTwin(ctx.signedUrl)]) {
    if (url === undefined) continue;
    if (verifyBitAuth(identity, signature, Buffer.concat([Buffer.from(url, 'utf8'), ctx.rawBody]))) return true;
  }
  return false;
}

/**
 * Facade rules of §2.1. Public endpoints ignore signature headers (the Node SDK sends stale ones, §1.3).
 * Otherwise: the token must exist, belong to an allowed facade, and, unless it is a pos token, the request must
 * be signed over the addressed URL and raw body by a key whose SIN is bound to the token; unapproved tokens fail.
 * BitPay's texts for a wrong facade and a missing signature are undocumented: both answer §8's 403 "Unauthorized".
 */
export function authorize(ctx: RequestContext, access: Access, tokens: TokenStore): void {
  if (access.kind === 'public') return;
  const value = tokenParam(ctx);
  if (value === undefined || value === null || value === '') throw missingParams(['token']);
  if (typeof value !== 'string') throw plainError('invalid_token', 500, 'Invalid token');

  let api = tokens.tokens.get(value);
  if (!api) {
    const res = tokens.resources.get(value);
    if (res && access.resources?.includes(res.kind)) {
      api = tokens.tokens.get(res.parent);
      ctx.resource = { kind: res.kind, id: res.id };
    }
  }
  if (!api) throw plainError('invalid_token', 500, 'Invalid token');
  if (!access.facades.includes(api.facade)) {
    throw plainError('wrong_facade', 403, 'Unauthorized');
  }
  if (api.requiresSignature) {
    const identity = header(ctx, 'x-identity');
    const signature = header(ctx, 'x-signature');
    if (!identity || !signature) throw plainError('signature_required', 403, 'Unauthorized');
    const pub = identityBytes(identity.trim());
    if (!pub || !verifiesForUrl(identity.trim(), signature.trim(), ctx)) {
      throw plainError('invalid_signature', 401, 'Invalid signature');
    }
    if (!api.sins.includes(sinFromPublicKey(pub))) throw plainError('unauthorized_sin', 500, 'Unauthorized sin');
  }
  if (!api.active) throw plainError('token_inactive', 500, 'Unauthorized sin');
  ctx.token = api;
}
