import { describe, expect, it } from 'vitest';
import { ReplayGuard, signRequest, verifyRequest } from '../src/signing/request-signature.js';
import { hasPhp, runPhp } from './php.js';

const SECRET = 'test-secret-0123456789abcdef0123456789';
const NOW = 1_764_000_000;
const body = Buffer.from('{"orderId":1042,"reference":"wc1.1042.1.x"}');

const check = (
  b: Buffer,
  timestamp: string | undefined,
  signature: string | undefined,
  now = NOW,
  guard?: ReplayGuard,
) => verifyRequest(SECRET, b, { timestamp, signature }, now, guard);

describe('plugin → bridge request signature', () => {
  it('accepts the body and timestamp it was made for', () => {
    expect(check(body, String(NOW), signRequest(SECRET, body, NOW))).toEqual({ ok: true });
  });

  it('refuses a changed body, a changed timestamp, another secret', () => {
    const sig = signRequest(SECRET, body, NOW);
    expect(check(Buffer.from(`${body} `), String(NOW), sig)).toEqual({ ok: false, problem: 'bad-signature' });
    expect(check(body, String(NOW + 1), sig)).toEqual({ ok: false, problem: 'bad-signature' });
    expect(check(body, String(NOW), signRequest('another-secret-0123456789abcdef', body, NOW))).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
  });

  it('has a five-minute window each way', () => {
    for (const [skew, ok] of [
      [-300, true],
      [300, true],
      [-301, false],
      [301, false],
    ] as const) {
      const ts = NOW + skew;
      const got = check(body, String(ts), signRequest(SECRET, body, ts));
      expect(got, `skew ${skew}`).toEqual(ok ? { ok: true } : { ok: false, problem: 'stale' });
    }
  });

  it('accepts a signature once inside its window', () => {
    const guard = new ReplayGuard();
    const sig = signRequest(SECRET, body, NOW);
    expect(check(body, String(NOW), sig, NOW, guard)).toEqual({ ok: true });
    expect(check(body, String(NOW), sig, NOW + 10, guard)).toEqual({ ok: false, problem: 'replayed' });
    // A new timestamp is a new signature: the plugin's retry is accepted.
    expect(check(body, String(NOW + 1), signRequest(SECRET, body, NOW + 1), NOW + 10, guard)).toEqual({ ok: true });
  });

  it('refuses missing and malformed headers without comparing anything', () => {
    expect(check(body, undefined, undefined)).toEqual({ ok: false, problem: 'missing' });
    expect(check(body, 'yesterday', signRequest(SECRET, body, NOW))).toEqual({ ok: false, problem: 'malformed' });
    expect(check(body, String(NOW), 'v1=abc')).toEqual({ ok: false, problem: 'malformed' });
    expect(check(body, String(NOW), signRequest(SECRET, body, NOW).toUpperCase())).toEqual({
      ok: false,
      problem: 'malformed',
    });
  });

  it.skipIf(!hasPhp)('verifies what the plugin (PHP) signs', () => {
    const json = JSON.stringify({ orderId: 5, reference: 'wc1.5.1.a', customerIp: '203.0.113.9' });
    const headers = JSON.parse(
      runPhp(`echo json_encode(Bitpay_Checkout_Request_Signer::headers('${SECRET}', '${json}', ${NOW}));`),
    ) as Record<string, string>;
    expect(
      check(Buffer.from(json), headers['X-BitPay-Checkout-Timestamp'], headers['X-BitPay-Checkout-Signature']),
    ).toEqual({ ok: true });
  });
});
