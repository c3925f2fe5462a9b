import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { derToCompact, identityBytes, verifyBitAuth } from './signature.js';
import { sinFromPublicKey } from './sin.js';

// Vectors of bitpay-protocol.md §1.5 (Key A, signatures made by the official Node SDK 8.0.4).
const ID_A = '0279ccc8ce814ee77d4ce12411c2d2d400faee3c897c12b38132906afe69fa028a';
const ID_B = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';
const A3_BODY =
  '{"price":10,"currency":"USD","orderId":"order-1","notificationURL":"https://merchant.example/ipn","guid":"guid-1","token":"someMerchantToken"}';
const VECTORS = [
  {
    name: 'A1 POST /tokens (high-S)',
    msg: 'https://test.bitpay.com/tokens',
    sig: '30460221008107b350180dbae5c38e2d0e61dceffcdfdd01afaac022f5aadee2122bcbeeca022100df03e2adf0d50e099179d1bc224b46eee48dc7eb4358af2854ee5814300cdd0e',
  },
  {
    name: 'A2 docs example',
    msg: 'https://bitpay.com/invoices{"price":500,"currency":"USD","token":"MqA2wX15qHCbG7FBtJZRAxQunrRjAvGBRVJedsiTnZY"}',
    sig: '30440220614faaa1e441e497282e31c91434a4342e9e80142ff574079aef2596ee860c16022028686a1a3b95a2601a9b832ca346f9b6b45e96c467b0da224e466c000b2a685b',
  },
  {
    name: 'A3 createInvoice',
    msg: `https://test.bitpay.com/invoices${A3_BODY}`,
    sig: '3045022100f1139b059d6a5cdc351c5a10e20414d8a6314a25c63b3c0ebb1600d37fede6b002202158f9b1f6e14fa45b358a766c5f15c369838b70d77db3361f41e9692780bf79',
  },
  {
    name: 'A4 GET invoice',
    msg: 'https://test.bitpay.com/invoices/G3viJEJgE8Jk2oekSdgT2A?token=someMerchantToken',
    sig: '304502210087ffeedcc41e4b9c42eee4e1593bc2ca3e1847371292ec22554f2d40e2350029022011c8837a530341a93fca6bdd4be8a2d1899860d631b45d7859666accd864772b',
  },
  {
    name: 'A5 DELETE invoice (high-S)',
    msg: 'https://test.bitpay.com/invoices/G3viJEJgE8Jk2oekSdgT2A?token=someMerchantToken&forceCancel=true',
    sig: '3046022100b1ccbb8395abd97711949f69d042e4e08f257f1b5ae1c3b169f05996ea7ff88f0221009290ecc35b348bb131770b49027ec511213d8e0b5281eba9854b6ca13ea9834c',
  },
];
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('BitAuth verification against the §1.5 vectors', () => {
  for (const v of VECTORS) {
    it(`accepts ${v.name}`, () => {
      expect(verifyBitAuth(ID_A, v.sig, utf8(v.msg))).toBe(true);
    });
  }

  it('accepts the low-S twin of A1 too', () => {
    const low =
      '30450221008107b350180dbae5c38e2d0e61dceffcdfdd01afaac022f5aadee2122bcbeeca022020fc1d520f2af1f66e862e43ddb4b90fd62114fb6beff1136ae40678a0296433';
    expect(verifyBitAuth(ID_A, low, utf8(VECTORS[0]!.msg))).toBe(true);
  });

  it('accepts Key B over the A3 request (high-S)', () => {
    const sig =
      '304502200a60f40719230b9dea8ccec9e7b0bfc97cc1dfda5dd346d51b7250d292bb567d022100b5c75408b5eccbdd8309c161e25bcb554a759f436c11bcf787333e6b3f1b8b49';
    expect(verifyBitAuth(ID_B, sig, utf8(VECTORS[2]!.msg))).toBe(true);
  });

  it('refuses a message with one extra space, another key, or a damaged signature', () => {
    const v = VECTORS[2]!;
    expect(verifyBitAuth(ID_A, v.sig, utf8(`${v.msg} `))).toBe(false);
    expect(verifyBitAuth(ID_B, v.sig, utf8(v.msg))).toBe(false);
    expect(verifyBitAuth(ID_A, `${v.sig.slice(0, -2)}00`, utf8(v.msg))).toBe(false);
    expect(verifyBitAuth(ID_A, 'zz', utf8(v.msg))).toBe(false);
    expect(verifyBitAuth('02zz', v.sig, utf8(v.msg))).toBe(false);
  });

  it('hashes once: the SHA-256 of A3 matches the vector', () => {
    expect(Buffer.from(sha256(utf8(VECTORS[2]!.msg))).toString('hex')).toBe(
      '431bebedd8d0294926c109a7541be42e1d53ce588f46bb204cb15355cf6bf512',
    );
  });
});

describe('DER parsing', () => {
  it('reads r and s, dropping the 0x00 pad', () => {
    const compact = derToCompact(Buffer.from(VECTORS[0]!.sig, 'hex'))!;
    expect(Buffer.from(compact.slice(0, 32)).toString('hex')).toBe(
      '8107b350180dbae5c38e2d0e61dceffcdfdd01afaac022f5aadee2122bcbeeca',
    );
  });

  it('refuses malformed DER (wrong tag, wrong length, trailing bytes)', () => {
    const good = Buffer.from(VECTORS[1]!.sig, 'hex');
    expect(derToCompact(Buffer.concat([Buffer.from([0x31]), good.subarray(1)]))).toBeNull();
    expect(derToCompact(good.subarray(0, good.length - 1))).toBeNull();
    expect(derToCompact(Buffer.concat([good, Buffer.from([0])]))).toBeNull();
  });
});

describe('SIN derivation (§1.2)', () => {
  it('gives the SINs of Key A and Key B', () => {
    expect(sinFromPublicKey(identityBytes(ID_A)!)).toBe('Tf426U3aRh3MWTYtVJgsUY3Bhzw9W5BTckG');
    expect(sinFromPublicKey(identityBytes(ID_B)!)).toBe('Tf8DhWM5WDBB1CarpFdonta9YEBJgW1GYAt');
  });

  it('hashes the key as sent: the uncompressed form gives a different SIN', () => {
    const uncompressed =
      '0479ccc8ce814ee77d4ce12411c2d2d400faee3c897c12b38132906afe69fa028a02545b6b276a224e593d7022ed706c1ca0cfdb2c3e7de143612110a07f9987c2';
    expect(sinFromPublicKey(identityBytes(uncompressed)!)).toBe('Texi3V534FCCio6eTLUGxuxAZtx48ofHqAt');
  });

  it('refuses an identity that is not a curve point', () => {
    expect(identityBytes(`02${'00'.repeat(32)}`)).toBeNull();
  });
});
