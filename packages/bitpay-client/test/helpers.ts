import { createPublicKey, verify } from 'node:crypto';
import { expect } from 'vitest';
import type { Key } from '../src/index.js';
import type { RecordedRequest } from './fixture-server.js';

/** OpenSSL's ECDSA verifier (node:crypto): independent of the client's own noble-based code. */
export function opensslVerifies(identityHex: string, sigHex: string, msg: string): boolean {
  const spki = Buffer.concat([
    Buffer.from('3036301006072a8648ce3d020106052b8104000a032200', 'hex'),
    Buffer.from(identityHex, 'hex'),
  ]);
  const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return verify('sha256', Buffer.from(msg, 'utf8'), publicKey, Buffer.from(sigHex, 'hex'));
}

/** The always-sent headers of §1.4, and BitAuth headers that verify over the exact URL + raw body when signed. */
export function expectBitPayHeaders(
  req: RecordedRequest,
  opts: { signedBy?: Key; pluginInfo?: string; platformInfo?: string },
) {
  const h = req.headers;
  expect(h['x-accept-version']).toBe('2.0.0');
  expect(h['content-type']).toBe('application/json');
  expect(h['x-bitpay-api-frame']).toBe('std');
  expect(h['x-bitpay-api-frame-version']).toBe('1.0.0');
  expect(h['x-bitpay-plugin-info']).toBe(opts.pluginInfo ?? 'BitPayCheckout_Node_Client_v0.1.0');
  expect(h['x-bitpay-platform-info']).toBe(opts.platformInfo);
  if (opts.signedBy) {
    expect(h['x-identity']).toBe(opts.signedBy.identity);
    const sig = h['x-signature'];
    expect(typeof sig).toBe('string');
    expect(sig).toMatch(/^30[0-9a-f]+$/);
    expect(opensslVerifies(opts.signedBy.identity, sig as string, req.fullUrl + req.rawBody)).toBe(true);
  } else {
    expect(h['x-signature']).toBeUndefined();
    expect(h['x-identity']).toBeUndefined();
  }
}
