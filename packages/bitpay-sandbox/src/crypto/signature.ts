import { sha256 } from '@noble/hashes/sha2.js';
import * as secp from '@noble/secp256k1';

const HEX = /^(?:[0-9a-fA-F]{2})+$/;

function hexToBytes(hex: string): Uint8Array | null {
  if (!HEX.test(hex)) return null;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Reads one DER INTEGER at `at`; returns its 32-byte big-endian value and the next offset. */
function readInt(der: Uint8Array, at: number): { value: Uint8Array; next: number } | null {
  if (der[at] !== 0x02) return null;
  const len = der[at + 1];
  if (len === undefined || len === 0 || len > 33) return null;
  const start = at + 2;
  const end = start + len;
  if (end > der.length) return null;
  let bytes = der.subarray(start, end);
  // DER pads with one 0x00 when the high bit is set; strip it, then left-pad to 32 bytes.
  while (bytes.length > 32 && bytes[0] === 0) bytes = bytes.subarray(1);
  if (bytes.length > 32) return null;
  const value = new Uint8Array(32);
  value.set(bytes, 32 - bytes.length);
  return { value, next: end };
}

/** DER `30 len 02 lenR R 02 lenS S` to 64-byte compact r‖s; null when malformed. */
export function derToCompact(der: Uint8Array): Uint8Array | null {
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return null;
  const r = readInt(der, 2);
  if (!r) return null;
  const s = readInt(der, r.next);
  if (!s || s.next !== der.length) return null;
  const out = new Uint8Array(64);
  out.set(r.value);
  out.set(s.value, 32);
  return out;
}

/**
 * Verifies a BitAuth signature (§1.3): DER hex of ECDSA-secp256k1 over SHA-256(UTF-8(fullUrl + rawBody)).
 * High-S signatures are accepted, as both official SDKs produce them about half the time.
 */
export function verifyBitAuth(identityHex: string, signatureHex: string, signed: Uint8Array): boolean {
  const pub = hexToBytes(identityHex);
  const der = hexToBytes(signatureHex);
  if (!pub || !der || (pub.length !== 33 && pub.length !== 65)) return false;
  const compact = derToCompact(der);
  if (!compact) return false;
  try {
    return secp.verify(compact, sha256(signed), pub, { prehash: false, lowS: false });
  } catch {
    return false;
  }
}

/** Parses an X-Identity header into public key bytes (compressed or uncompressed), or null. */
export function identityBytes(identityHex: string): Uint8Array | null {
  const pub = hexToBytes(identityHex);
  if (!pub || (pub.length !== 33 && pub.length !== 65)) return null;
  try {
    secp.Point.fromBytes(pub);
    return pub;
  } catch {
    return null;
  }
}
