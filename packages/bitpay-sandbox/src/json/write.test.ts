import { describe, expect, it } from 'vitest';
import { writeJson } from './write.js';

describe('writeJson', () => {
  it('writes bigint amounts above 2^53 exactly, as bare JSON integers', () => {
    const text = writeJson({ PAX: 10_000_000_000_000_000_000n, ETH: 25_050_000_000_000_001n });
    expect(text).toBe('{"PAX":10000000000000000000,"ETH":25050000000000001}');
    expect(JSON.stringify({ v: Number(25_050_000_000_000_001n) })).not.toContain('25050000000000001');
  });

  it('matches JSON.stringify for ordinary values and skips undefined members', () => {
    const v = { a: 'x"y\u2028', b: [1, 2.5, null, true], c: undefined, d: { e: false } };
    expect(writeJson(v)).toBe(JSON.stringify(v));
  });
});
