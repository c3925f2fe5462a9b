import { describe, expect, it } from 'vitest';
import { formatCrypto, formatCryptoWithCode, formatFiat, isZero } from './amount.js';

describe('formatCrypto', () => {
  it('keeps every digit of wei-sized amounts (no float on the way)', () => {
    expect(formatCrypto('1234567.000000000000000001', 18, 'en')).toBe('1,234,567.000000000000000001');
  });

  it('uses the locale separators and drops trailing zeros', () => {
    expect(formatCrypto('0.000412', 8, 'de')).toBe('0,000412');
    expect(formatCrypto('10.00', 6, 'en')).toBe('10');
    expect(formatCryptoWithCode('0.000296', 'BTC', 8, 'fr')).toBe('0,000296 BTC');
  });

  it('rounds only past the currency’s decimals', () => {
    expect(formatCrypto('0.123456789', 8, 'en')).toBe('0.12345679');
  });
});

describe('formatFiat', () => {
  it('uses the currency and its decimals', () => {
    expect(formatFiat(25.5, 'USD', 'en')).toBe('$25.50');
    expect(formatFiat(1200, 'JPY', 'en')).toBe('¥1,200');
    expect(formatFiat('25.50', 'EUR', 'de')).toBe('25,50\u00a0€');
  });

  it('writes a price in a crypto currency as number and code', () => {
    expect(formatFiat(0.5, 'BTCX', 'en')).toMatch(/0\.5.*BTCX|BTCX.*0\.5/);
    expect(formatFiat(0.5, 'bitcoin', 'en')).toBe('0.5 bitcoin');
  });
});

describe('isZero', () => {
  it('recognises zero in any notation', () => {
    expect(['0', '0.000', '', null, undefined].map(isZero)).toEqual([true, true, true, true, true]);
    expect(['0.000001', '10'].map(isZero)).toEqual([false, false]);
  });
});
