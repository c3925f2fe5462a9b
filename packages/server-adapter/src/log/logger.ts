/** Where the adapter writes. Messages never contain keys, tokens or buyer data. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger: Logger = {
  info: (m) => console.info(`[bitpay-checkout] ${m}`),
  warn: (m) => console.warn(`[bitpay-checkout] ${m}`),
  error: (m) => console.error(`[bitpay-checkout] ${m}`),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** One line about an error: its class and code, never its message chain (BitPay text, URLs with tokens). */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${err.name} ${code}` : err.name;
  }
  return typeof err;
}
