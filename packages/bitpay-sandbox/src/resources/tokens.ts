import { verifiesForUrl } from '../auth/authorize.js';
import { tokenJson } from '../auth/tokens.js';
import { identityBytes } from '../crypto/signature.js';
import { looksLikeSin, sinFromPublicKey } from '../crypto/sin.js';
import { invalidParam, missingParams, plainError } from '../errors.js';
import type { RequestContext, Route } from '../http/router.js';
import type { SandboxState } from '../state/state.js';
import { FACADES, type Facade } from '../state/types.js';
import { optString } from './params.js';

/** SIN of a validly signed request (for `GET /tokens`, which is signed but carries no token). */
function signerSin(ctx: RequestContext): string {
  const identity = ctx.headers['x-identity'];
  const signature = ctx.headers['x-signature'];
  if (typeof identity !== 'string' || typeof signature !== 'string') {
    throw plainError('signature_required', 403, 'Unauthorized');
  }
  const pub = identityBytes(identity.trim());
  if (!pub || !verifiesForUrl(identity.trim(), signature.trim(), ctx)) {
    throw plainError('invalid_signature', 401, 'Invalid signature');
  }
  return sinFromPublicKey(pub);
}

export function tokenRoutes(state: SandboxState): Route[] {
  /** The token in the path, when the request is signed by a SIN bound to it. */
  const boundToken = (ctx: RequestContext) => {
    const t = state.tokens.tokens.get(ctx.params.token!);
    if (!t) throw plainError('invalid_token', 500, 'Invalid token');
    if (!t.sins.includes(signerSin(ctx))) throw plainError('unauthorized_sin', 500, 'Unauthorized sin');
    return t;
  };
  return [
    {
      method: 'POST',
      pattern: '/tokens',
      access: { kind: 'public' },
      handle: (ctx) => {
        const id = ctx.body.id;
        if (id === undefined || id === null || id === '') throw missingParams(['id']);
        if (!looksLikeSin(id)) throw invalidParam('id', 'Invalid SIN.');
        const label = optString(ctx, 'label', 200) ?? '';
        const pairingCode = optString(ctx, 'pairingCode', 20);
        if (pairingCode) return { body: { data: [tokenJson(state.tokens.claim(id, pairingCode, label))] } };
        const facade = (optString(ctx, 'facade', 20) ?? 'pos') as Facade;
        if (!FACADES.includes(facade)) throw invalidParam('facade', 'Invalid facade.');
        const { token } = state.tokens.requestPairing(id, facade, label);
        return { body: { data: [tokenJson(token)] } };
      },
    },
    {
      method: 'GET',
      pattern: '/tokens',
      access: { kind: 'public' },
      handle: (ctx) => {
        const sin = signerSin(ctx);
        const data: Record<string, string>[] = [];
        for (const t of state.tokens.tokens.values()) {
          if (!t.active || !t.sins.includes(sin)) continue;
          data.push({ [t.facade]: t.token });
        }
        return { body: { data } };
      },
    },
    {
      method: 'GET',
      pattern: '/tokens/:token/sins',
      access: { kind: 'public' },
      handle: (ctx) => ({ body: { data: [...boundToken(ctx).sins] } }),
    },
    {
      method: 'POST',
      pattern: '/tokens/:token/sins',
      access: { kind: 'public' },
      handle: (ctx) => {
        const t = boundToken(ctx);
        const sin = ctx.body.sin;
        if (sin === undefined || sin === null || sin === '') throw missingParams(['sin']);
        if (!looksLikeSin(sin)) throw invalidParam('sin', 'Invalid SIN.');
        if (!t.sins.includes(sin)) t.sins.push(sin);
        return { body: { data: [...t.sins] } };
      },
    },
    {
      method: 'DELETE',
      pattern: '/tokens/:token/sins/:sin',
      access: { kind: 'public' },
      handle: (ctx) => {
        const t = boundToken(ctx);
        const sin = ctx.params.sin!;
        // A key cannot unlink itself: the other SIN signs the removal.
        if (sin === signerSin(ctx)) throw plainError('unauthorized_sin', 500, 'Unauthorized sin');
        if (!t.sins.includes(sin)) throw plainError('sin_not_found', 404, 'SIN not found');
        t.sins = t.sins.filter((x) => x !== sin);
        return { body: { data: [...t.sins] } };
      },
    },
    {
      method: 'POST',
      pattern: '/sessions',
      access: { kind: 'public' },
      handle: () => ({ body: { data: state.sessions.create() } }),
    },
  ];
}
