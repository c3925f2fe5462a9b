import type { Key } from '../keys/key.js';
import type { SignOptions } from './sign.js';

export interface SignedRequest {
  'X-Identity': string;
  'X-Signature': string;
}

/**
 * The BitAuth headers for one request (§1.3): signature over `fullUrl + body`, where `fullUrl` is exactly
 * the URL sent (query included) and `body` the exact bytes sent (empty for GET/DELETE).
 */
export function signRequest(key: Key, fullUrl: string, body = '', options?: SignOptions): SignedRequest {
  return { 'X-Identity': key.identity, 'X-Signature': key.sign(fullUrl + body, options) };
}
