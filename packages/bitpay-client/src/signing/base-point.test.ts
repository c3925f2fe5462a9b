import { randomBytes } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { keyFromHex } from '../keys/key.js';
import { multiplyBaseWithoutTable, rfc6979Nonces, signDigestWithoutTable } from './base-point.js';
import { secp } from './noble.js';

const N = secp.Point.CURVE().n;

function randomSecret(): Uint8Array {
  for (;;) {
    const bytes = randomBytes(32);
    if (secp.utils.isValidSecretKey(bytes)) return Uint8Array.from(bytes);
  }
}

describe('signing before the base-point table exists', () => {
  // Runs first in this file's fresh module, so its 20 signatures cross from the ladder to the table.
  it('signs the §1.5 A3 vector identically before and after the switch to the table', () => {
    const key = keyFromHex('9ee267c293e74c12bf4035746834ad4f5690d546d7d10e15c92fc83043552186');
    const a3 =
      'https://test.bitpay.com/invoices{"price":10,"currency":"USD","orderId":"order-1","notificationURL":"https://merchant.example/ipn","guid":"guid-1","token":"someMerchantToken"}';
    const signatures = new Set(Array.from({ length: 20 }, () => key.sign(a3)));
    expect([...signatures]).toEqual([
      '3045022100f1139b059d6a5cdc351c5a10e20414d8a6314a25c63b3c0ebb1600d37fede6b002202158f9b1f6e14fa45b358a766c5f15c369838b70d77db3361f41e9692780bf79',
    ]);
    expect(key.identity).toBe('0279ccc8ce814ee77d4ce12411c2d2d400faee3c897c12b38132906afe69fa028a');
  });

  it('derives the same public keys as noble', () => {
    const edge = [1n, 2n, 3n, N - 1n, N - 2n, N >> 1n, (N >> 1n) + 1n];
    for (const d of edge) {
      expect(multiplyBaseWithoutTable(d).toHex(true)).toBe(secp.Point.BASE.multiply(d).toHex(true));
    }
    for (let i = 0; i < 50; i++) {
      const secret = randomSecret();
      const d = secp.etc.bytesToNumberBE(secret);
      expect(bytesToHex(multiplyBaseWithoutTable(d).toBytes(true))).toBe(bytesToHex(secp.getPublicKey(secret, true)));
    }
  });

  it("gives byte for byte noble's deterministic signature, with and without low-S", () => {
    let highS = 0;
    for (let i = 0; i < 200; i++) {
      const secret = i === 0 ? hexToBytes('00'.repeat(31) + '01') : randomSecret();
      const digest = sha256(randomBytes(1 + (i % 300)));
      for (const lowS of [false, true]) {
        const ours = signDigestWithoutTable(secret, digest, lowS);
        const noble = secp.Signature.fromBytes(secp.sign(digest, secret, { prehash: false, lowS }));
        expect([ours.r, ours.s]).toEqual([noble.r, noble.s]);
        if (!lowS && ours.s > N >> 1n) highS++;
      }
    }
    // about half of unnormalised signatures are high-S; both halves were compared
    expect(highS).toBeGreaterThan(50);
  });

  it('draws the nonces of RFC 6979 A.2.5 (P-256, SHA-256) and continues the generator per step h.3', () => {
    const q = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const x = 0xc9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721n;
    const first = (msg: string) => rfc6979Nonces(x, sha256(utf8ToBytes(msg)), q).next().value;
    expect(first('sample')).toBe(0xa6e3c57dd01abe90086538398355dd4c3b17aa873382b0f24d6129493d8aad60n);
    expect(first('test')).toBe(0xd16b6ae827f17175e040871a1c7ec3500192c4c92677336ec2537acaee0008e0n);
    const nonces = rfc6979Nonces(x, sha256(utf8ToBytes('sample')), q);
    const seen = new Set([nonces.next().value, nonces.next().value, nonces.next().value]);
    expect(seen.size).toBe(3);
  });
});
