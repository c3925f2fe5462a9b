import { type KeyObject, sign as opensslSign } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';
import { decodeDerSignature, encodeDerSignature } from './der.js';

export interface SignOptions {
  /**
   * Normalise S to the lower half of the curve order. Default `false`: BitPay accepts both halves, and its
   * official SDKs send high-S signatures about half the time (§1.3).
   */
  lowS?: boolean;
}

const N = secp.Point.CURVE().n;

const toBytes = (msg: string | Uint8Array): Uint8Array => (typeof msg === 'string' ? utf8ToBytes(msg) : msg);

/**
 * DER hex of ECDSA-secp256k1(SHA-256(msg)), signed by OpenSSL through node:crypto: constant-time scalar
 * multiplication, a fresh nonce per signature (so two signatures of one message differ) and DER natively.
 */
export function signMessage(privateKey: KeyObject, msg: string | Uint8Array, options: SignOptions = {}): string {
  const der = opensslSign('sha256', toBytes(msg), privateKey);
  if (!options.lowS) return der.toString('hex');
  // OpenSSL does not normalise; s and n − s both verify, so the twin is computed from the public signature.
  const { r, s } = decodeDerSignature(der)!;
  return s > N >> 1n ? bytesToHex(encodeDerSignature(r, N - s)) : der.toString('hex');
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
