import { createPrivateKey, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { BitPayKeyError } from '../errors/errors.js';
import { publicKeyOf } from '../signing/base-point.js';
import { secp } from '../signing/noble.js';
import { type SignOptions, signMessage } from '../signing/sign.js';
import { base58CheckEncode } from './base58.js';

const secrets = new WeakMap<Key, Uint8Array>();

/**
 * A secp256k1 key pair as BitPay uses it. The secret lives outside the object (a WeakMap), so it never
 * shows up in `JSON.stringify`, `util.inspect`, spreads or `Object.keys`; read it deliberately through
 * {@link Key.privateKeyHex}.
 */
export class Key {
  /** `X-Identity`: the compressed public key, 66 lowercase hex chars. */
  readonly identity: string;
  /** Client ID (SIN): 35 Base58Check chars starting with `T` (§1.2). */
  readonly sin: string;

  /** Use {@link generateKey}, {@link keyFromHex}, {@link keyFromPem} or {@link loadKey}. */
  constructor(secret: Uint8Array) {
    if (secret.length !== 32 || !secp.utils.isValidSecretKey(secret)) {
      throw new BitPayKeyError('INVALID_KEY', 'Not a valid secp256k1 private key (needs 32 bytes in 1..n-1).');
    }
    const copy = Uint8Array.from(secret);
    secrets.set(this, copy);
    const publicKey = publicKeyOf(copy);
    this.identity = bytesToHex(publicKey);
    this.sin = sinFromPublicKey(publicKey);
  }

  /** The private key in the official Node SDK's format: 64 lowercase hex chars. Keep it secret. */
  get privateKeyHex(): string {
    return bytesToHex(secrets.get(this)!);
  }

  /** DER hex signature of SHA-256(msg), deterministic (RFC 6979). */
  sign(msg: string | Uint8Array, options?: SignOptions): string {
    return signMessage(secrets.get(this)!, msg, options);
  }

  toJSON(): { identity: string; sin: string } {
    return { identity: this.identity, sin: this.sin };
  }

  [inspect.custom](): string {
    return `Key { sin: '${this.sin}', identity: '${this.identity}' }`;
  }
}

/** SIN = Base58Check(0x0F 0x02 ‖ RIPEMD160(SHA256(compressed public key))). */
export function sinFromPublicKey(compressedPublicKey: Uint8Array): string {
  return base58CheckEncode(concatBytes(Uint8Array.of(0x0f, 0x02), ripemd160(sha256(compressedPublicKey))));
}

/** A fresh random key (CSPRNG). */
export function generateKey(): Key {
  for (;;) {
    const candidate = randomBytes(32);
    if (secp.utils.isValidSecretKey(candidate)) return new Key(candidate);
  }
}

/** Parses the Node SDK's format: 64 hex chars (surrounding whitespace and a `0x` prefix tolerated). */
export function keyFromHex(hex: string): Key {
  const clean = hex.trim().replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{64}$/.test(clean)) {
    throw new BitPayKeyError('INVALID_KEY', 'A private key must be 64 hex characters.');
  }
  return new Key(hexToBytes(clean.toLowerCase()));
}

/**
 * Imports a PEM secp256k1 private key: SEC1 (`EC PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`, also encrypted
 * with `passphrase`), as made by OpenSSL or the legacy BitPay Python/Ruby clients.
 */
export function keyFromPem(pem: string, passphrase?: string): Key {
  let jwk: { crv?: string; d?: string };
  try {
    jwk = createPrivateKey(passphrase === undefined ? pem : { key: pem, passphrase }).export({ format: 'jwk' });
  } catch (cause) {
    throw new BitPayKeyError('INVALID_KEY', 'Not a readable PEM private key.', { cause: sanitizeCause(cause) });
  }
  if (jwk.crv !== 'secp256k1' || !jwk.d) {
    throw new BitPayKeyError('INVALID_KEY', `PEM key is not on secp256k1 (curve: ${jwk.crv ?? 'none'}).`);
  }
  return new Key(Buffer.from(jwk.d, 'base64url'));
}

// OpenSSL messages do not echo key material, but keep only the code to be certain.
function sanitizeCause(cause: unknown): unknown {
  const code = (cause as { code?: unknown })?.code;
  return typeof code === 'string' ? { code } : undefined;
}
