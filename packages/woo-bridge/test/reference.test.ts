import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mintReference, verifyReference } from '../src/reference/reference.js';
import { hasPhp, runPhp } from './php.js';

const SECRET = 'test-secret-0123456789abcdef0123456789';
const NOW = 1_764_000_000;

describe('signed order reference', () => {
  it('names its order until it expires', () => {
    const ref = mintReference(SECRET, 1042, NOW + 3600);
    expect(ref).toMatch(/^wc1\.1042\.1764003600\.[A-Za-z0-9_-]{43}$/);
    expect(verifyReference(SECRET, ref, NOW)).toEqual({ ok: true, orderId: '1042', expiresAt: NOW + 3600 });
  });

  it('is the documented HMAC (the PHP test holds the same vector)', () => {
    const mac = createHmac('sha256', SECRET)
      .update('bitpay-checkout/order-reference/v1:1042.1764003600')
      .digest('base64url');
    expect(mintReference(SECRET, '1042', 1764003600)).toBe(`wc1.1042.1764003600.${mac}`);
  });

  it('refuses a tampered signature', () => {
    const ref = mintReference(SECRET, 7, NOW + 60);
    const tampered = ref.slice(0, -1) + (ref.endsWith('A') ? 'B' : 'A');
    expect(verifyReference(SECRET, tampered, NOW)).toEqual({ ok: false, problem: 'bad-signature' });
  });

  it('refuses another order: the signature of order 1042 does not open order 1043', () => {
    const ref = mintReference(SECRET, 1042, NOW + 3600);
    expect(verifyReference(SECRET, ref.replace('wc1.1042.', 'wc1.1043.'), NOW)).toMatchObject({
      ok: false,
      problem: 'bad-signature',
    });
    // …nor does a reference made with another shop's secret.
    expect(verifyReference('another-shop-secret-0123456789abcdef', ref, NOW)).toMatchObject({ ok: false });
  });

  it('refuses an expired reference, and a stretched expiry', () => {
    const ref = mintReference(SECRET, 7, NOW);
    expect(verifyReference(SECRET, ref, NOW)).toEqual({ ok: false, problem: 'expired', orderId: '7' });
    expect(verifyReference(SECRET, ref, NOW - 1).ok).toBe(true);
    const stretched = ref.replace(`.${NOW}.`, `.${NOW + 86_400}.`);
    expect(verifyReference(SECRET, stretched, NOW)).toMatchObject({ ok: false, problem: 'bad-signature' });
    // Events about an invoice made while it was valid still name the order.
    expect(verifyReference(SECRET, ref, NOW + 999, { ignoreExpiry: true })).toMatchObject({ ok: true, orderId: '7' });
  });

  it('refuses what is not a reference', () => {
    for (const bad of ['', '1042', 'wc1.0.1.x', `wc2.1.1.${'a'.repeat(43)}`, `wc1.1.1.${'a'.repeat(44)}`]) {
      expect(verifyReference(SECRET, bad, NOW)).toEqual({ ok: false, problem: 'malformed' });
    }
    expect(() => mintReference(SECRET, '12; DROP', NOW)).toThrow(TypeError);
  });

  it.skipIf(!hasPhp)('is accepted both ways with the plugin (PHP) twin', () => {
    const fromPhp = runPhp(`echo Bitpay_Checkout_Reference::mint('${SECRET}', 314, ${NOW + 60});`);
    expect(verifyReference(SECRET, fromPhp, NOW)).toEqual({ ok: true, orderId: '314', expiresAt: NOW + 60 });
    const fromTs = mintReference(SECRET, 2718, NOW + 60);
    expect(runPhp(`echo json_encode(Bitpay_Checkout_Reference::verify('${SECRET}', '${fromTs}', ${NOW}));`)).toBe(
      JSON.stringify({ order_id: '2718', expires_at: NOW + 60 }),
    );
  });
  if (!hasPhp) console.warn('woo-bridge: php not found; the PHP/TypeScript reference cross-check is skipped.');
});
