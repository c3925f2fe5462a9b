import { BitPayTransportError } from '../errors/errors.js';
import type { Facade } from '../tokens/token-store.js';
import type { Envelope } from '../transport/envelope.js';
import type { HttpMethod, RequestSpec } from '../transport/transport.js';

/** What resource modules need from the client; keeps them free of transport details. */
export interface Api {
  /** Raw request (public calls, tokens, sessions). */
  send(spec: RequestSpec): Promise<Envelope>;
  /** A token-bearing call for `facade`: adds `token` (last, like the official SDK), signs unless pos. */
  call(
    method: HttpMethod,
    path: string,
    facade: Facade,
    params?: Record<string, unknown>,
    token?: string,
  ): Promise<Envelope>;
  /** `merchant` if a merchant token exists, else `pos` (the official SDK's rule). */
  defaultFacade(): Facade;
  /** The key's SIN; throws MISSING_KEY without a key. */
  sin(): string;
}

/** Per-call options of resources a pos token may also use. */
export interface FacadeOptions {
  facade?: Facade;
}

/** Acks are `{"data":"Success"}` or `{"status":"success",…}` (§3.1). */
export function expectAck(envelope: Envelope, request: string): true {
  if (envelope.data === 'Success' || envelope.body.status === 'success') return true;
  throw new BitPayTransportError('INVALID_RESPONSE', `${request}: expected an acknowledgement from BitPay.`, {
    request,
  });
}

/** Drops undefined fields so the JSON body and the query only hold what the caller set. */
export function defined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function asArray<T>(data: unknown, request: string): T[] {
  if (Array.isArray(data)) return data as T[];
  throw new BitPayTransportError('INVALID_RESPONSE', `${request}: expected a list from BitPay.`, { request });
}

export function asObject<T>(data: unknown, request: string): T {
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) return data as T;
  throw new BitPayTransportError('INVALID_RESPONSE', `${request}: expected an object from BitPay.`, { request });
}
