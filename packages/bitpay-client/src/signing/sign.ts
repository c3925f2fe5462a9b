import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { signDigest } from './base-point.js';
import { decodeDerSignature, encodeDerSignature } from './der.js';
import { secp } from './noble.js';

export interface SignOptions {
  /**
   * Normalise S to the lower half of the curve order. Default `false`: that is what BitPay's official
   * Node SDK sends (elliptic without `canonical`), so our bytes match its bytes exactly (§1.5).
   */
  lowS?: boolean;
}

const toBytes = (msg: string | Uint8Array): Uint8Array => (typeof msg === 'string' ? utf8ToBytes(msg) : msg);

/** DER hex of ECDSA-secp256k1(SHA-256(msg)) with an RFC 6979 deterministic nonce. */
export function signMessage(secret: Uint8Array, msg: string | Uint8Array, options: SignOptions = {}): string {
  const digest = sha256(toBytes(msg));
  const sig = signDigest(secret, digest, options.lowS ?? false);
  return bytesToHex(encodeDerSignature(sig.r, sig.s));
}

/**
 * Verifies an `X-Signature` (DER hex) for `msg` (the full URL plus raw body) against an `X-Identity`
 * (SEC1 public key hex). High-S signatures are accepted, as BitPay's own SDKs produce them.
 */
export function verifySignature(identityHex: string, signatureHex: string, msg: string | Uint8Array): boolean {
  try {
    if (!/^[0-9a-f]+$/i.test(signatureHex) || signatureHex.length % 2) return false;
    const parsed = decodeDerSignature(hexToBytes(signatureHex));
    if (!parsed) return false;
    const compact = new secp.Signature(parsed.r, parsed.s).toBytes('compact');
    return secp.verify(compact, sha256(toBytes(msg)), hexToBytes(identityHex), { prehash: false, lowS: false });
  } catch {
    return false;
  }
}
