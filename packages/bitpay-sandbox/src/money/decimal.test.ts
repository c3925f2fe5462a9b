import { describe, expect, it } from 'vitest';
import { ceil, formatUnits, ratio } from './decimal.js';

describe('exact decimals', () => {
  it('parses plain and exponent forms exactly', () => {
    expect(ratio('10.10')).toEqual({ n: 1010n, d: 100n });
    expect(ratio(1e-7)).toEqual({ n: 1n, d: 10_000_000n });
    expect(ratio('1e18')).toEqual({ n: 10n ** 18n, d: 1n });
    expect(() => ratio('abc')).toThrow(RangeError);
  });

  it('rounds up and formats smallest units', () => {
    expect(ceil({ n: 7n, d: 2n })).toBe(4n);
    expect(ceil({ n: 8n, d: 2n })).toBe(4n);
    expect(formatUnits(29_600n, 8, 6)).toBe('0.000296');
    expect(formatUnits(10n ** 19n, 18, 2)).toBe('10.00');
    expect(formatUnits(12_345_678_901_234_567_891n, 18, 2)).toBe('12.345678901234567891');
  });
});
