import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonLossless, stringifyJson } from './lossless.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** JSON.parse result with our bigints turned back to numbers, for a structural comparison. */
const toPlain = (v: unknown): unknown =>
  typeof v === 'bigint'
    ? Number(v)
    : Array.isArray(v)
      ? v.map(toPlain)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]))
        : v;

describe('parseJsonLossless', () => {
  it('keeps the exact digits of wei amounts above 2^53 (PAX, BUSD, DAI paymentTotals)', () => {
    const text = fixture('getInvoiceResponse.json');
    const invoice = (parseJsonLossless(text) as { data: { paymentTotals: Record<string, unknown> } }).data;
    expect(invoice.paymentTotals.PAX).toBe(10000000000000000000n);
    expect(invoice.paymentTotals.BUSD).toBe(10000000000000000000n);
    expect(invoice.paymentTotals.DAI).toBe(9990000000000000000n);
    // safe integers stay numbers
    expect(invoice.paymentTotals.ETH).toBe(2505000000000000);
    // a wei amount that is not a double: JSON.parse rounds it, we do not
    const odd = '{"amount":12345678901234567891}';
    expect(String((JSON.parse(odd) as { amount: number }).amount)).not.toBe('12345678901234567891');
    expect((parseJsonLossless(odd) as { amount: bigint }).amount.toString()).toBe('12345678901234567891');
  });

  it('parses every fixture to the same structure as JSON.parse', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) {
      const text = fixture(f);
      expect(toPlain(parseJsonLossless(text)), f).toEqual(JSON.parse(text));
    }
  });

  it('handles escapes, unicode, exponents, negatives, nesting and __proto__ like JSON.parse', () => {
    const text =
      '{"a":"q\\"\\\\\\/\\u00e9\\n","b":[1.5,-2,3e2,-0,1E-3,true,false,null],"__proto__":{"x":1},"c":{"d":[]},"e":"฿"}';
    const parsed = parseJsonLossless(text) as Record<string, unknown>;
    expect(parsed).toEqual(JSON.parse(text));
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toContain('__proto__');
    expect(parseJsonLossless('-123456789012345678901')).toBe(-123456789012345678901n);
    expect(parseJsonLossless(' 9007199254740991 ')).toBe(9007199254740991);
    expect(parseJsonLossless('9007199254740993')).toBe(9007199254740993n);
  });

  it('rejects what JSON.parse rejects', () => {
    for (const bad of ['', '{', '[1,]', '{"a":1,}', '01', 'tru', '"abc', '{"a" 1}', '1 2', 'NaN', "{'a':1}"]) {
      expect(() => parseJsonLossless(bad), bad).toThrow(SyntaxError);
      expect(() => JSON.parse(bad), bad).toThrow(SyntaxError);
    }
  });
});

describe('stringifyJson', () => {
  it('writes bigint as a bare JSON integer and round-trips exactly', () => {
    const body = { amount: 10000000000000000000n, currency: 'PAX', note: 'bigint:1' };
    const text = stringifyJson(body);
    expect(text).toBe('{"amount":10000000000000000000,"currency":"PAX","note":"bigint:1"}');
    expect(parseJsonLossless(text)).toEqual(body);
  });
  it('is JSON.stringify for everything else (compact, key order kept)', () => {
    const body = { price: 10, currency: 'USD', buyer: { name: 'Zoë' }, list: [1, 'a/b'] };
    expect(stringifyJson(body)).toBe(JSON.stringify(body));
  });
});
