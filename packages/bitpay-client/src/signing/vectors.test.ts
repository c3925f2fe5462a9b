import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { keyFromHex } from '../keys/key.js';
import { decodeDerSignature, encodeDerSignature } from './der.js';
import { signRequest } from './request.js';
import { verifySignature } from './sign.js';

// bitpay-protocol.md §1.5: produced by the official Node SDK 8.0.4 (elliptic) and cross-checked with noble.
// Our signer (OpenSSL) draws a fresh nonce per signature, so its bytes differ from these: the tests check that
// ours verify for the same key and message, and that the SDK's recorded ones still verify.
const KEY_A = '9ee267c293e74c12bf4035746834ad4f5690d546d7d10e15c92fc83043552186';
const KEY_B = '0000000000000000000000000000000000000000000000000000000000000001';
const A3_BODY =
  '{"price":10,"currency":"USD","orderId":"order-1","notificationURL":"https://merchant.example/ipn","guid":"guid-1","token":"someMerchantToken"}';

const VECTORS_A = [
  {
    id: 'A1',
    msg: 'https://test.bitpay.com/tokens',
    sig: '30460221008107b350180dbae5c38e2d0e61dceffcdfdd01afaac022f5aadee2122bcbeeca022100df03e2adf0d50e099179d1bc224b46eee48dc7eb4358af2854ee5814300cdd0e',
    highS: true,
  },
  {
    id: 'A2',
    msg: 'https://bitpay.com/invoices{"price":500,"currency":"USD","token":"MqA2wX15qHCbG7FBtJZRAxQunrRjAvGBRVJedsiTnZY"}',
    sig: '30440220614faaa1e441e497282e31c91434a4342e9e80142ff574079aef2596ee860c16022028686a1a3b95a2601a9b832ca346f9b6b45e96c467b0da224e466c000b2a685b',
    highS: false,
  },
  {
    id: 'A3',
    msg: `https://test.bitpay.com/invoices${A3_BODY}`,
    sig: '3045022100f1139b059d6a5cdc351c5a10e20414d8a6314a25c63b3c0ebb1600d37fede6b002202158f9b1f6e14fa45b358a766c5f15c369838b70d77db3361f41e9692780bf79',
    highS: false,
  },
  {
    id: 'A4',
    msg: 'https://test.bitpay.com/invoices/G3viJEJgE8Jk2oekSdgT2A?token=someMerchantToken',
    sig: '304502210087ffeedcc41e4b9c42eee4e1593bc2ca3e1847371292ec22554f2d40e2350029022011c8837a530341a93fca6bdd4be8a2d1899860d631b45d7859666accd864772b',
    highS: false,
  },
  {
    id: 'A5',
    msg: 'https://test.bitpay.com/invoices/G3viJEJgE8Jk2oekSdgT2A?token=someMerchantToken&forceCancel=true',
    sig: '3046022100b1ccbb8395abd97711949f69d042e4e08f257f1b5ae1c3b169f05996ea7ff88f0221009290ecc35b348bb131770b49027ec511213d8e0b5281eba9854b6ca13ea9834c',
    highS: true,
  },
];
const B_A3_SIG =
  '304502200a60f40719230b9dea8ccec9e7b0bfc97cc1dfda5dd346d51b7250d292bb567d022100b5c75408b5eccbdd8309c161e25bcb554a759f436c11bcf787333e6b3f1b8b49';

/** OpenSSL's verifier (via node:crypto), independent of our noble-based code. */
function opensslVerifies(identityHex: string, sigHex: string, msg: string): boolean {
  const spki = Buffer.concat([
    Buffer.from('3036301006072a8648ce3d020106052b8104000a032200', 'hex'),
    Buffer.from(identityHex, 'hex'),
  ]);
  const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return nodeVerify('sha256', Buffer.from(msg, 'utf8'), publicKey, Buffer.from(sigHex, 'hex'));
}

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const A1_LOW_S_TWIN =
  '30450221008107b350180dbae5c38e2d0e61dceffcdfdd01afaac022f5aadee2122bcbeeca022020fc1d520f2af1f66e862e43ddb4b90fd62114fb6beff1136ae40678a0296433';

/** BitPay's encoding (§1.3): lowercase hex of a DER SEQUENCE of two minimal INTEGERs. */
function expectStrictDerHex(sigHex: string): { r: bigint; s: bigint } {
  expect(sigHex).toMatch(/^30[0-9a-f]+$/);
  const parsed = decodeDerSignature(hexToBytes(sigHex));
  expect(parsed).not.toBeNull();
  expect(bytesToHex(encodeDerSignature(parsed!.r, parsed!.s))).toBe(sigHex);
  return parsed!;
}

describe('§1.5 test vectors', () => {
  it('Key A: X-Identity and SIN are exact', () => {
    const key = keyFromHex(KEY_A);
    expect(key.identity).toBe('0279ccc8ce814ee77d4ce12411c2d2d400faee3c897c12b38132906afe69fa028a');
    expect(key.sin).toBe('Tf426U3aRh3MWTYtVJgsUY3Bhzw9W5BTckG');
  });

  it('Key B: X-Identity and SIN are exact', () => {
    const key = keyFromHex(KEY_B);
    expect(key.identity).toBe('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
    expect(key.sin).toBe('Tf8DhWM5WDBB1CarpFdonta9YEBJgW1GYAt');
  });

  for (const v of VECTORS_A) {
    it(`${v.id}: our signature is strict DER and verifies with our verifier and with OpenSSL`, () => {
      const key = keyFromHex(KEY_A);
      for (const sig of [key.sign(v.msg), key.sign(v.msg, { lowS: false }), key.sign(v.msg, { lowS: true })]) {
        expectStrictDerHex(sig);
        expect(verifySignature(key.identity, sig, v.msg)).toBe(true);
        expect(opensslVerifies(key.identity, sig, v.msg)).toBe(true);
        expect(verifySignature(key.identity, sig, `${v.msg} `)).toBe(false);
        expect(opensslVerifies(key.identity, sig, `${v.msg} `)).toBe(false);
      }
    });
    it(`${v.id}: the official SDK's signature (high-S: ${v.highS}) verifies with our verifier and with OpenSSL`, () => {
      const identity = keyFromHex(KEY_A).identity;
      expect(expectStrictDerHex(v.sig).s > N >> 1n).toBe(v.highS);
      expect(verifySignature(identity, v.sig, v.msg)).toBe(true);
      expect(opensslVerifies(identity, v.sig, v.msg)).toBe(true);
      expect(verifySignature(identity, v.sig, `${v.msg} `)).toBe(false);
    });
  }

  it("Key B signs the A3 request with its own identity, and the SDK's high-S A3 signature verifies", () => {
    const key = keyFromHex(KEY_B);
    const msg = `https://test.bitpay.com/invoices${A3_BODY}`;
    const headers = signRequest(key, 'https://test.bitpay.com/invoices', A3_BODY);
    expect(headers['X-Identity']).toBe('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
    expectStrictDerHex(headers['X-Signature']);
    expect(opensslVerifies(key.identity, headers['X-Signature'], msg)).toBe(true);
    expect(verifySignature(key.identity, headers['X-Signature'], msg)).toBe(true);
    expect(opensslVerifies(key.identity, B_A3_SIG, msg)).toBe(true);
    expect(verifySignature(key.identity, B_A3_SIG, msg)).toBe(true);
  });

  it('each signature draws a fresh nonce: signing one message twice gives two different valid signatures', () => {
    const key = keyFromHex(KEY_A);
    const msg = VECTORS_A[1]!.msg;
    const sigs = new Set(Array.from({ length: 8 }, () => key.sign(msg)));
    expect(sigs.size).toBe(8);
    // distinct r values: distinct nonces, not one nonce with s flipped
    expect(new Set([...sigs].map((sig) => expectStrictDerHex(sig).r)).size).toBe(8);
    for (const sig of sigs) expect(opensslVerifies(key.identity, sig, msg)).toBe(true);
  });

  it('lowS:true always gives s ≤ n/2; the default leaves S as OpenSSL drew it, high about half the time', () => {
    const key = keyFromHex(KEY_A);
    const msg = VECTORS_A[0]!.msg;
    let highByDefault = 0;
    for (let i = 0; i < 64; i++) {
      const low = key.sign(msg, { lowS: true });
      expect(expectStrictDerHex(low).s <= N >> 1n).toBe(true);
      expect(opensslVerifies(key.identity, low, msg)).toBe(true);
      if (expectStrictDerHex(key.sign(msg)).s > N >> 1n) highByDefault++;
    }
    // 64 fair draws: all-low or all-high has probability 2^-63
    expect(highByDefault).toBeGreaterThan(0);
    expect(highByDefault).toBeLessThan(64);
    // §1.5's low-S twin of A1 (same r, s′ = n − s) verifies like the original
    expect(verifySignature(key.identity, A1_LOW_S_TWIN, msg)).toBe(true);
    expect(opensslVerifies(key.identity, A1_LOW_S_TWIN, msg)).toBe(true);
  });

  it('rejects a signature from another key, malformed DER and non-hex', () => {
    const a = keyFromHex(KEY_A);
    const b = keyFromHex(KEY_B);
    expect(verifySignature(b.identity, VECTORS_A[0]!.sig, VECTORS_A[0]!.msg)).toBe(false);
    expect(verifySignature(b.identity, a.sign(VECTORS_A[0]!.msg), VECTORS_A[0]!.msg)).toBe(false);
    expect(verifySignature(a.identity, VECTORS_A[0]!.sig.slice(0, -2), VECTORS_A[0]!.msg)).toBe(false);
    expect(verifySignature(a.identity, 'zz', VECTORS_A[0]!.msg)).toBe(false);
    expect(verifySignature('02abcd', VECTORS_A[0]!.sig, VECTORS_A[0]!.msg)).toBe(false);
  });
});
