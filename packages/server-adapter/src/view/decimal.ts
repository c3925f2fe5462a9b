/**
 * Exact decimal strings with bigint arithmetic: amounts stay strings end to end so nothing is rounded
 * (ETH amounts are in wei upstream and exceed 2^53).
 */
const DECIMAL = /^-?\d+(\.\d+)?$/;

export function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

function scaleOf(value: string): number {
  const dot = value.indexOf('.');
  return dot === -1 ? 0 : value.length - dot - 1;
}

function toScaled(value: string, scale: number): bigint {
  const negative = value.startsWith('-');
  const body = negative ? value.slice(1) : value;
  const [whole = '0', fraction = ''] = body.split('.');
  const digits = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
  return negative ? -digits : digits;
}

function fromScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** a − b, keeping the larger number of fraction digits. */
export function subtractDecimal(a: string, b: string): string {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  return fromScaled(toScaled(a, scale) - toScaled(b, scale), scale);
}

export function compareDecimal(a: string, b: string): number {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  const d = toScaled(a, scale) - toScaled(b, scale);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

/** An integer amount in smallest units (satoshi, wei) as a decimal string with `decimals` fraction digits. */
export function fromSmallestUnit(amount: bigint | number | string, decimals: number): string | null {
  let units: bigint;
  try {
    units = BigInt(amount);
  } catch {
    return null;
  }
  return fromScaled(units, decimals);
}

/** A money amount given as a JS number (fiat refunds) as a decimal string without float noise. */
export function numberToDecimal(value: number): string {
  return Number.isInteger(value) ? `${value}.00` : String(Number(value.toFixed(12)));
}
