import { CRYPTOS, FIATS, findCrypto, findFiat } from './currencies.js';
import { div, type Ratio, ratio, toNumber } from './decimal.js';

/** USD value of one unit of `code` (fiat or crypto), exactly; undefined for unknown codes. */
export function usdPerUnit(code: string): Ratio | undefined {
  const c = findCrypto(code);
  if (c) return ratio(c.usd);
  const f = findFiat(code);
  if (f) return div(ratio('1'), ratio(f.perUsd));
  return undefined;
}

/** Units of `quote` per one `base`, exactly. */
export function rate(base: string, quote: string): Ratio | undefined {
  const b = usdPerUnit(base);
  const q = usdPerUnit(quote);
  if (!b || !q) return undefined;
  return div(b, q);
}

/** Every code with a rate, cryptos first (as BitPay lists them). */
export function rateCodes(): { code: string; name: string }[] {
  return [
    ...CRYPTOS.map((c) => ({ code: c.code, name: c.name })),
    ...FIATS.map((f) => ({ code: f.code, name: f.name })),
  ];
}

/** `{code,name,rate}` of `quote` against `base`, rate as BitPay's double. */
export function rateEntry(base: string, quote: string): { code: string; name: string; rate: number } | undefined {
  const r = rate(base, quote);
  const entry = rateCodes().find((e) => e.code === quote);
  if (!r || !entry) return undefined;
  return { code: entry.code, name: entry.name, rate: toNumber(r, 8) };
}
