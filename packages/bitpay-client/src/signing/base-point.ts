import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { secp } from './noble.js';

// noble multiplies the base point G through a table of 4,224 points that it builds on first use
// (~45 ms on a cold process), after which k·G is ~10× faster. A process that signs once (the CLI,
// a serverless function, a freshly started shop) would pay all of that for one signature. So we
// rent before we buy: the first multiplications of G go through noble's ladder (~3 ms each), and
// once they have cost about what the table costs, noble builds it and everything after uses it.
const { n: N } = secp.Point.CURVE();
const { mod, invert, bytesToNumberBE, numberToBytesBE } = secp.etc;

const COLD_MULTIPLICATIONS = 16;
let coldLeft = COLD_MULTIPLICATIONS;

/** Spends one multiplication of G from the cold budget; false once it is spent (use the table). */
function spendColdMultiplication(): boolean {
  if (coldLeft <= 0) return false;
  coldLeft--;
  return true;
}

/** The compressed public key (SEC1, 33 bytes) of a valid secret key. */
export function publicKeyOf(secret: Uint8Array): Uint8Array {
  return spendColdMultiplication()
    ? multiplyBaseWithoutTable(bytesToNumberBE(secret)).toBytes(true)
    : secp.getPublicKey(secret, true);
}

/** Deterministic ECDSA (RFC 6979) of a 32-byte digest with a valid secret key: noble's `sign`, or its cold twin. */
export function signDigest(secret: Uint8Array, digest: Uint8Array, lowS: boolean): { r: bigint; s: bigint } {
  if (spendColdMultiplication()) return signDigestWithoutTable(secret, digest, lowS);
  const { r, s } = secp.Signature.fromBytes(secp.sign(digest, secret, { prehash: false, lowS }));
  return { r, s };
}

// noble takes the table only for G itself; 2G goes through the ladder, and (k/2)·2G = k·G.
const G2 = secp.Point.BASE.double();
const HALF = invert(2n, N);

/** k·G without noble's base-point table (1 ≤ k < n). */
export function multiplyBaseWithoutTable(k: bigint): InstanceType<typeof secp.Point> {
  return G2.multiply(mod(k * HALF, N));
}

/**
 * RFC 6979 §3.2 nonce candidates for private key `x` and message hash `h1` over a curve of order
 * `q` with HMAC-SHA256, for a 256-bit q (one V block is one candidate). The caller takes the first
 * candidate it can use; asking for the next one runs step h.3 (K = HMAC_K(V ‖ 0x00), V = HMAC_K(V)).
 */
export function* rfc6979Nonces(x: bigint, h1: Uint8Array, q: bigint): Generator<bigint> {
  const seed = concatBytes(numberToBytesBE(x), numberToBytesBE(mod(bytesToNumberBE(h1), q)));
  let V = new Uint8Array(32).fill(1);
  let K = new Uint8Array(32);
  K = hmac(sha256, K, concatBytes(V, Uint8Array.of(0), seed));
  V = hmac(sha256, K, V);
  K = hmac(sha256, K, concatBytes(V, Uint8Array.of(1), seed));
  V = hmac(sha256, K, V);
  for (;;) {
    V = hmac(sha256, K, V);
    const k = bytesToNumberBE(V);
    if (k >= 1n && k < q) yield k;
    K = hmac(sha256, K, concatBytes(V, Uint8Array.of(0)));
    V = hmac(sha256, K, V);
  }
}

/**
 * Deterministic ECDSA over secp256k1 (RFC 6979, SEC1 4.1.3) of a 32-byte digest, with k·G taken
 * without the table. Gives exactly the (r, s) of noble's `sign` for the same input; tests hold it to that.
 */
export function signDigestWithoutTable(
  secret: Uint8Array,
  digest: Uint8Array,
  lowS: boolean,
): { r: bigint; s: bigint } {
  const d = bytesToNumberBE(secret);
  const h = mod(bytesToNumberBE(digest), N);
  for (const k of rfc6979Nonces(d, digest, N)) {
    const r = mod(multiplyBaseWithoutTable(k).toAffine().x, N);
    if (r === 0n) continue;
    const s = mod(invert(k, N) * (h + r * d), N);
    if (s === 0n) continue;
    return { r, s: lowS && s > N >> 1n ? N - s : s };
  }
  throw new Error('unreachable: the nonce generator is endless');
}
