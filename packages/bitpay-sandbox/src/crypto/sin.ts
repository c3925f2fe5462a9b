import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base58 } from './base58.js';

/**
 * Client ID (SIN) of a compressed public key, per `bitpay-protocol.md` §1.2:
 * Base58( 0x0F 0x02 ‖ RIPEMD160(SHA256(pub)) ‖ checksum ), the key hashed exactly as sent.
 */
export function sinFromPublicKey(pub: Uint8Array): string {
  const payload = new Uint8Array(22);
  payload[0] = 0x0f;
  payload[1] = 0x02;
  payload.set(ripemd160(sha256(pub)), 2);
  const checksum = sha256(sha256(payload)).slice(0, 4);
  const all = new Uint8Array(26);
  all.set(payload);
  all.set(checksum, 22);
  return base58(all);
}

const SIN_PATTERN = /^T[1-9A-HJ-NP-Za-km-z]{34}$/;

/** Shape check for a SIN sent in `POST /tokens` (35 Base58 chars starting with T). */
export function looksLikeSin(value: unknown): value is string {
  return typeof value === 'string' && SIN_PATTERN.test(value);
}
