/** A cryptocurrency the sandbox accepts payment in, with what its payment simulation needs. */
export interface Crypto {
  code: string;
  name: string;
  symbol: string;
  /** Smallest-unit digits (8 for BTC, 18 for ETH). */
  decimals: number;
  /** Digits BitPay quotes amounts to (6 for BTC and ETH, 2 for stablecoins). */
  precision: number;
  chain: string;
  /** USD per unit, as a decimal string: the sandbox's fixed market. */
  usd: string;
  /** Simulated block interval on the sandbox clock. */
  blockMs: number;
  targetConfirmations: number;
  /** URI scheme and which paymentCodes keys BitPay sends for it (§4.1). */
  scheme: string;
  codes: ('BIP72b' | 'BIP73' | 'EIP681' | 'EIP681b' | 'RIP681')[];
  minerFee: { satoshisPerByte: number; totalFee: bigint };
}

/** A fiat currency invoices may be priced in. */
export interface Fiat {
  code: string;
  name: string;
  plural: string;
  symbol: string;
  precision: number;
  /** Units per USD, as a decimal string. */
  perUsd: string;
}

const erc20 = (code: string, name: string, decimals: number, precision: number, usd: string): Crypto => ({
  code,
  name,
  symbol: code === 'WBTC' ? '₿' : '$',
  decimals,
  precision,
  chain: 'ETH',
  usd,
  blockMs: 12_000,
  targetConfirmations: 50,
  scheme: 'ethereum',
  codes: ['EIP681b'],
  minerFee: { satoshisPerByte: 0, totalFee: 0n },
});

/** In BitPay's usual order. Block times are simplified (BTC: a block every 10 minutes). */
export const CRYPTOS: readonly Crypto[] = [
  {
    code: 'BTC',
    name: 'Bitcoin',
    symbol: '฿',
    decimals: 8,
    precision: 6,
    chain: 'BTC',
    usd: '60000',
    blockMs: 600_000,
    targetConfirmations: 6,
    scheme: 'bitcoin',
    codes: ['BIP72b', 'BIP73'],
    minerFee: { satoshisPerByte: 10, totalFee: 2000n },
  },
  {
    code: 'BCH',
    name: 'Bitcoin Cash',
    symbol: 'Ƀ',
    decimals: 8,
    precision: 6,
    chain: 'BCH',
    usd: '350',
    blockMs: 600_000,
    targetConfirmations: 6,
    scheme: 'bitcoincash',
    codes: ['BIP72b', 'BIP73'],
    minerFee: { satoshisPerByte: 0, totalFee: 0n },
  },
  {
    code: 'ETH',
    name: 'Ether',
    symbol: 'Ξ',
    decimals: 18,
    precision: 6,
    chain: 'ETH',
    usd: '3000',
    blockMs: 12_000,
    targetConfirmations: 50,
    scheme: 'ethereum',
    codes: ['EIP681'],
    minerFee: { satoshisPerByte: 0, totalFee: 0n },
  },
  erc20('GUSD', 'Gemini US Dollar', 2, 2, '1'),
  erc20('PAX', 'Paxos Standard', 18, 2, '1'),
  erc20('BUSD', 'Binance USD', 18, 2, '1'),
  erc20('USDC', 'Circle USD Coin', 6, 2, '1'),
  {
    code: 'XRP',
    name: 'Ripple',
    symbol: 'Ʀ',
    decimals: 6,
    precision: 6,
    chain: 'XRP',
    usd: '0.55',
    blockMs: 4_000,
    targetConfirmations: 6,
    scheme: 'ripple',
    codes: ['BIP72b', 'BIP73', 'RIP681'],
    minerFee: { satoshisPerByte: 0, totalFee: 0n },
  },
  {
    code: 'DOGE',
    name: 'Dogecoin',
    symbol: 'Ð',
    decimals: 8,
    precision: 6,
    chain: 'DOGE',
    usd: '0.15',
    blockMs: 60_000,
    targetConfirmations: 40,
    scheme: 'dogecoin',
    codes: ['BIP72b', 'BIP73'],
    minerFee: { satoshisPerByte: 0, totalFee: 0n },
  },
  erc20('DAI', 'Dai', 18, 2, '1'),
  erc20('WBTC', 'Wrapped BTC', 8, 6, '59950'),
  {
    code: 'LTC',
    name: 'Litecoin',
    symbol: 'Ł',
    decimals: 8,
    precision: 6,
    chain: 'LTC',
    usd: '80',
    blockMs: 150_000,
    targetConfirmations: 6,
    scheme: 'litecoin',
    codes: ['BIP72b', 'BIP73'],
    minerFee: { satoshisPerByte: 1, totalFee: 1000n },
  },
];

export const FIATS: readonly Fiat[] = [
  { code: 'USD', name: 'US Dollar', plural: 'US Dollars', symbol: '$', precision: 2, perUsd: '1' },
  { code: 'EUR', name: 'Eurozone Euro', plural: 'Eurozone Euros', symbol: '€', precision: 2, perUsd: '0.92' },
  { code: 'GBP', name: 'Pound Sterling', plural: 'Pounds Sterling', symbol: '£', precision: 2, perUsd: '0.79' },
  { code: 'CAD', name: 'Canadian Dollar', plural: 'Canadian Dollars', symbol: '$', precision: 2, perUsd: '1.36' },
  { code: 'AUD', name: 'Australian Dollar', plural: 'Australian Dollars', symbol: '$', precision: 2, perUsd: '1.52' },
  { code: 'JPY', name: 'Japanese Yen', plural: 'Japanese Yen', symbol: '¥', precision: 0, perUsd: '150' },
  { code: 'CHF', name: 'Swiss Franc', plural: 'Swiss Francs', symbol: 'CHF', precision: 2, perUsd: '0.88' },
  { code: 'MXN', name: 'Mexican Peso', plural: 'Mexican Pesos', symbol: '$', precision: 2, perUsd: '17.1' },
  { code: 'BRL', name: 'Brazilian Real', plural: 'Brazilian Reais', symbol: 'R$', precision: 2, perUsd: '5' },
  { code: 'INR', name: 'Indian Rupee', plural: 'Indian Rupees', symbol: '₹', precision: 2, perUsd: '83.2' },
];

const cryptoByCode = new Map(CRYPTOS.map((c) => [c.code, c]));
const fiatByCode = new Map(FIATS.map((f) => [f.code, f]));

export const findCrypto = (code: string): Crypto | undefined => cryptoByCode.get(code);
export const findFiat = (code: string): Fiat | undefined => fiatByCode.get(code);
export const isKnownCurrency = (code: string): boolean => cryptoByCode.has(code) || fiatByCode.has(code);
