/**
 * Formats a decimal string (crypto amount) for people, in the locale, without going through a
 * float: Intl.NumberFormat takes decimal strings exactly (ES2023), so wei-sized amounts keep
 * every digit.
 */
export function formatCrypto(amount: string, decimals: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: Math.min(decimals, 20) }).format(
    amount as Intl.StringNumericLiteral,
  );
}

/** Formats a fiat price in its ISO 4217 currency (the currency's own decimals). */
export function formatFiat(amount: number | string, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount as Intl.StringNumericLiteral);
  } catch {
    // Not an ISO 4217 code (a crypto price): the number as given, then the code.
    return `${amount} ${currency}`;
  }
}

/** Crypto amount with its code, e.g. "0.000412 BTC". */
export function formatCryptoWithCode(amount: string, code: string, decimals: number, locale: string): string {
  return `${formatCrypto(amount, decimals, locale)} ${code}`;
}

/** True for "0", "0.000", "" and other zero decimal strings. */
export function isZero(amount: string | null | undefined): boolean {
  return !amount || !/[1-9]/.test(amount);
}
