import { CRYPTOS, type Crypto, findCrypto, findFiat } from '../../money/currencies.js';
import { ceil, div, formatUnits, mul, ratio, toNumber } from '../../money/decimal.js';
import { rate } from '../../money/rates.js';

/** Amount due in `crypto` for `price` `currency`, in smallest units, rounded up to the quoted precision. */
export function subtotalUnits(price: number, currency: string, crypto: Crypto): bigint {
  const inCrypto = div(ratio(price), rate(crypto.code, currency)!);
  const step = 10n ** BigInt(crypto.decimals - crypto.precision);
  if (currency === crypto.code) return ceil(mul(inCrypto, ratio(`1e${crypto.decimals}`)));
  return ceil(mul(inCrypto, ratio(`1e${crypto.precision}`))) * step;
}

/** Decimal text of an amount the way BitPay displays it (at least `precision` digits). */
export function displayUnits(units: bigint, code: string): string {
  const c = findCrypto(code);
  if (!c) return units.toString();
  return formatUnits(units, c.decimals, c.precision);
}

/** Rounds `units` up to the crypto's quoted precision step. */
export function roundUpToStep(units: bigint, c: Crypto): bigint {
  const step = 10n ** BigInt(c.decimals - c.precision);
  return ((units + step - 1n) / step) * step;
}

/** exchangeRates block of an invoice: per payment currency, the price currency, USD, EUR and the others. */
export function exchangeRates(enabled: string[], currency: string): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const code of enabled) {
    const quotes = [...new Set([currency, 'USD', 'EUR', ...enabled])].filter((q) => q !== code);
    const row: Record<string, number> = {};
    for (const q of quotes) row[q] = toNumber(rate(code, q)!, 10);
    out[code] = row;
  }
  return out;
}

/** Miner fee block (fiatAmount in the price currency). */
export function minerFees(enabled: string[], currency: string) {
  const out: Record<string, { satoshisPerByte: number; totalFee: bigint; fiatAmount: number }> = {};
  for (const code of enabled) {
    const c = findCrypto(code)!;
    const fee = div(ratio(c.minerFee.totalFee.toString()), ratio(`1e${c.decimals}`));
    const fiat = toNumber(mul(fee, rate(code, currency)!), findFiat(currency)?.precision ?? 8);
    out[code] = { satoshisPerByte: c.minerFee.satoshisPerByte, totalFee: c.minerFee.totalFee, fiatAmount: fiat };
  }
  return out;
}

export const ALL_CRYPTO_CODES = CRYPTOS.map((c) => c.code);
