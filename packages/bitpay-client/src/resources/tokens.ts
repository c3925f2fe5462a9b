import { BitPayTransportError } from '../errors/errors.js';
import type { Facade } from '../tokens/token-store.js';
import { seg } from '../transport/url.js';
import type { Token } from '../types/token.js';
import { type Api, asArray, defined } from './api.js';

function firstToken(data: unknown, request: string): Token {
  const [token] = asArray<Token>(data, request);
  if (!token || typeof token.token !== 'string' || typeof token.facade !== 'string') {
    throw new BitPayTransportError('INVALID_RESPONSE', `${request}: no token in BitPay's answer.`, { request });
  }
  return token;
}

/** Client-initiated pairing (unsigned): a new inactive token plus the pairingCode an admin approves. */
export async function requestPairing(api: Api, facade: Facade, label?: string): Promise<Token> {
  const env = await api.send({
    method: 'POST',
    path: 'tokens',
    params: defined({ id: api.sin(), facade, label }),
    signed: false,
    session: false,
  });
  return firstToken(env.data, 'POST /tokens');
}

/** Server-initiated pairing: claims a pairing code made in the dashboard (no facade in the body). */
export async function claimPairingCode(api: Api, pairingCode: string, label?: string): Promise<Token> {
  const env = await api.send({
    method: 'POST',
    path: 'tokens',
    params: defined({ id: api.sin(), pairingCode, label }),
    signed: false,
    session: false,
  });
  return firstToken(env.data, 'POST /tokens');
}

/** GET /tokens (signed): approved tokens of this key, folded from `[{facade: token}, …]` into one map. */
export async function getTokens(api: Api): Promise<Record<string, string>> {
  const env = await api.send({ method: 'GET', path: 'tokens', signed: true });
  const out: Record<string, string> = {};
  for (const item of asArray<Record<string, unknown>>(env.data, 'GET /tokens')) {
    for (const [facade, token] of Object.entries(item)) if (typeof token === 'string') out[facade] = token;
  }
  return out;
}

/** SINs linked to `token`. */
export async function getTokenSins(api: Api, token: string): Promise<unknown[]> {
  const env = await api.send({ method: 'GET', path: `tokens/${seg(token)}/sins`, signed: true, session: false });
  return asArray(env.data, 'GET /tokens/:token/sins');
}

/** Links a second key (SIN) to `token`. */
export async function addTokenSin(api: Api, token: string, sin: string): Promise<unknown> {
  const env = await api.send({
    method: 'POST',
    path: `tokens/${seg(token)}/sins`,
    params: { sin },
    signed: true,
    session: false,
  });
  return env.data;
}

/** Unlinks `sin` from `token`; BitPay wants this signed by the *other* key. */
export async function removeTokenSin(api: Api, token: string, sin: string): Promise<unknown> {
  const env = await api.send({
    method: 'DELETE',
    path: `tokens/${seg(token)}/sins/${seg(sin)}`,
    signed: true,
    session: false,
  });
  return env.data;
}
