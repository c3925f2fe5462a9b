/**
 * The network a payment currency travels on, from BitPay's code: "USDC" alone does not say which chain.
 * BitPay names Polygon tokens with an `_m` suffix; its other tokens are ERC-20 on Ethereum.
 */
const CHAINS: Readonly<Record<string, string>> = {
  BTC: 'Bitcoin',
  BCH: 'Bitcoin Cash',
  LTC: 'Litecoin',
  DOGE: 'Dogecoin',
  XRP: 'XRP Ledger',
  ETH: 'Ethereum',
  MATIC: 'Polygon',
  SOL: 'Solana',
};

export function networkOf(code: string): string {
  const upper = code.toUpperCase();
  if (upper.endsWith('_M')) return 'Polygon';
  if (upper.endsWith('_SOL')) return 'Solana';
  return CHAINS[upper] ?? 'Ethereum';
}
