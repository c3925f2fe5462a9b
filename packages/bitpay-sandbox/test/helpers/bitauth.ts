// Client-side BitAuth written from the protocol (§1.2, §1.3) with noble, independent of any client package.
import { hmac } from '@noble/hashes/hmac.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as secp from '@noble/secp256k1';

secp.hashes.sha256 = sha256;
secp.hashes.hmacSha256 = (key, msg) => hmac(sha256, key, msg);

/** Key A of §1.5 (the SDK's own fixture key) and Key B (= 1). */
export const KEY_A = '9ee267c293e74c12bf4035746834ad4f5690d546d7d10e15c92fc83043552186';
export const KEY_B = '0000000000000000000000000000000000000000000000000000000000000001';
export const SIN_A = 'Tf426U3aRh3MWTYtVJgsUY3Bhzw9W5BTckG';
export const SIN_B = 'Tf8DhWM5WDBB1CarpFdonta9YEBJgW1GYAt';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

export const identityOf = (priv: string) => hex(secp.getPublicKey(bytes(priv), true));

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export function sinOf(priv: string): string {
  const payload = new Uint8Array([0x0f, 0x02, ...ripemd160(sha256(secp.getPublicKey(bytes(priv), true)))]);
  const all = new Uint8Array([...payload, ...sha256(sha256(payload)).slice(0, 4)]);
  let n = BigInt(`0x${hex(all)}`);
  let out = '';
  while (n > 0n) {
    out = B58[Number(n % 58n)] + out;
    n /= 58n;
  }
  return out;
}

function derInt(v: bigint): string {
  let h = v.toString(16);
  if (h.length % 2) h = `0${h}`;
  if (Number.parseInt(h.slice(0, 2), 16) >= 0x80) h = `00${h}`;
  return `02${(h.length / 2).toString(16).padStart(2, '0')}${h}`;
}

/** DER hex of (r, s). */
export function der(r: bigint, s: bigint): string {
  const body = derInt(r) + derInt(s);
  return `30${(body.length / 2).toString(16).padStart(2, '0')}${body}`;
}

/**
 * X-Signature over `message` as the Node SDK makes it (RFC 6979, no low-S normalisation). `s` forces the high
 * or low twin (both verify: ECDSA malleability).
 */
export function signHex(priv: string, message: string, s: 'as-is' | 'high' | 'low' = 'as-is'): string {
  const sig = secp.sign(new TextEncoder().encode(message), bytes(priv), { lowS: false });
  const r = BigInt(`0x${hex(sig.slice(0, 32))}`);
  let sv = BigInt(`0x${hex(sig.slice(32))}`);
  const high = sv > N / 2n;
  if ((s === 'high' && !high) || (s === 'low' && high)) sv = N - sv;
  return der(r, sv);
}

export const isHighS = (derHex: string): boolean => {
  const b = bytes(derHex);
  const rLen = b[3]!;
  const sLen = b[5 + rLen]!;
  const sBytes = b.slice(6 + rLen, 6 + rLen + sLen);
  return BigInt(`0x${hex(sBytes)}`) > N / 2n;
};
