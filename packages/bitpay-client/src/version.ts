/** Package version, sent in the default x-bitpay-plugin-info header. */
export const VERSION = '0.1.0';
