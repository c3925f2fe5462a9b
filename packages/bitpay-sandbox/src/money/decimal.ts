/** Exact rational numbers over bigint, for amounts that must not be rounded by doubles. */
export interface Ratio {
  n: bigint;
  d: bigint;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses a decimal string or a finite JS number (via its shortest text, e.g. 10.1 -> 101/10). */
export function ratio(value: string | number): Ratio {
  const text = typeof value === 'number' ? String(value) : value;
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`not a decimal: ${text}`);
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0') - frac.length;
  let n = BigInt(`${m[2]}${frac}`);
  let d = 1n;
  if (exp >= 0) n *= 10n ** BigInt(exp);
  else d = 10n ** BigInt(-exp);
  if (m[1]) n = -n;
  return { n, d };
}

export const mul = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.n, d: a.d * b.d });
export const div = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d, d: a.d * b.n });

/** Smallest integer >= r (r positive). */
export function ceil(r: Ratio): bigint {
  const q = r.n / r.d;
  return q * r.d === r.n ? q : q + 1n;
}

/** A ratio as a JS number rounded half-up to `digits` (for rates and fiat amounts, which BitPay sends as doubles). */
export function toNumber(r: Ratio, digits = 10): number {
  const scale = 10n ** BigInt(digits);
  const n = r.d < 0n ? -r.n : r.n;
  const d = r.d < 0n ? -r.d : r.d;
  const twice = 2n * n * scale;
  const scaled = twice >= 0n ? (twice + d) / (2n * d) : -((-twice + d) / (2n * d));
  return Number(scaled) / Number(scale);
}

/** `units` smallest units as a decimal string with at least `minDigits` fraction digits (trailing zeros trimmed beyond). */
export function formatUnits(units: bigint, decimals: number, minDigits: number): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const scale = 10n ** BigInt(decimals);
  const whole = abs / scale;
  let frac = (abs % scale).toString().padStart(decimals, '0');
  while (frac.length > minDigits && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}
