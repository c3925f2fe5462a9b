import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BitPayError } from '../errors/errors.js';
import { verifySignature } from '../signing/sign.js';
import { generateKey, keyFromHex, keyFromPem } from './key.js';

const KEY_A = '9ee267c293e74c12bf4035746834ad4f5690d546d7d10e15c92fc83043552186';

function expectCode(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BitPayError);
    expect((err as BitPayError).code).toBe(code);
    return err as BitPayError;
  }
  throw new Error('expected a throw');
}

describe('generateKey', () => {
  it('makes distinct valid keys whose signatures verify', () => {
    const a = generateKey();
    const b = generateKey();
    expect(a.privateKeyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(a.privateKeyHex).not.toBe(b.privateKeyHex);
    expect(a.identity).toMatch(/^0[23][0-9a-f]{64}$/);
    expect(a.sin).toMatch(/^T[1-9A-HJ-NP-Za-km-z]{34}$/);
    expect(verifySignature(a.identity, a.sign('hello'), 'hello')).toBe(true);
    expect(keyFromHex(a.privateKeyHex).sin).toBe(a.sin);
  });
});

describe('the private key stays out of sight', () => {
  const key = keyFromHex(KEY_A);
  it('is not in JSON, inspect, Object.keys, spread or String()', () => {
    expect(JSON.stringify(key)).not.toContain(KEY_A);
    expect(inspect(key, { showHidden: true, depth: 5 })).not.toContain(KEY_A);
    expect(Object.keys(key)).not.toContain('privateKeyHex');
    expect(JSON.stringify({ ...key })).not.toContain(KEY_A);
    expect(String(key)).not.toContain(KEY_A);
    expect(JSON.parse(JSON.stringify(key))).toEqual({ identity: key.identity, sin: key.sin });
  });
  it('is readable on purpose through privateKeyHex', () => {
    expect(key.privateKeyHex).toBe(KEY_A);
  });
});

describe('keyFromHex', () => {
  it('accepts whitespace, a newline and upper case (key files written by hand)', () => {
    expect(keyFromHex(`  ${KEY_A.toUpperCase()}\n`).privateKeyHex).toBe(KEY_A);
  });
  it('rejects wrong lengths, non-hex, zero and the curve order with INVALID_KEY', () => {
    expectCode(() => keyFromHex('abc'), 'INVALID_KEY');
    expectCode(() => keyFromHex('g'.repeat(64)), 'INVALID_KEY');
    expectCode(() => keyFromHex('0'.repeat(64)), 'INVALID_KEY');
    expectCode(() => keyFromHex('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'), 'INVALID_KEY');
  });
  it('never echoes the bad input in the error message', () => {
    const secretish = `${KEY_A}00`;
    const err = expectCode(() => keyFromHex(secretish), 'INVALID_KEY');
    expect(err.message).not.toContain(secretish);
  });
});

describe('keyFromPem', () => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
  const d = Buffer.from(pair.privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('hex');

  it('imports SEC1 (EC PRIVATE KEY) to the same raw key', () => {
    const pem = pair.privateKey.export({ format: 'pem', type: 'sec1' }).toString();
    expect(pem).toContain('BEGIN EC PRIVATE KEY');
    expect(keyFromPem(pem).privateKeyHex).toBe(d);
  });
  it('imports PKCS#8 (PRIVATE KEY) to the same raw key', () => {
    const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(pem).toContain('BEGIN PRIVATE KEY');
    expect(keyFromPem(pem).privateKeyHex).toBe(d);
  });
  it('imports an encrypted PKCS#8 with its passphrase', () => {
    const pem = pair.privateKey
      .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    expect(keyFromPem(pem, 'pw').privateKeyHex).toBe(d);
    expectCode(() => keyFromPem(pem, 'wrong'), 'INVALID_KEY');
  });
  it('the public key matches what OpenSSL derives', () => {
    const jwk = pair.publicKey.export({ format: 'jwk' });
    const y = Buffer.from(jwk.y!, 'base64url');
    const prefix = (y[y.length - 1]! & 1) === 1 ? '03' : '02';
    const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(keyFromPem(pem).identity).toBe(prefix + Buffer.from(jwk.x!, 'base64url').toString('hex'));
  });
  it('rejects another curve and garbage with INVALID_KEY', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expectCode(() => keyFromPem(p256.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()), 'INVALID_KEY');
    expectCode(() => keyFromPem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'), 'INVALID_KEY');
  });
});
