import type { Extensible } from './common.js';

export interface Rate extends Extensible {
  code: string;
  name: string;
  rate: number;
}

export interface Currency extends Extensible {
  code: string;
  symbol?: string;
  precision: number;
  name: string;
  plural?: string;
  alts?: string;
  minimum?: number;
  sanctioned?: boolean;
  decimals: number;
  chain?: string;
}

export interface WalletCurrency extends Extensible {
  code: string;
  p2p?: boolean;
  dappBrowser?: boolean;
  image?: string;
  payPro?: boolean;
  qr?: { type?: string; collapsed?: boolean };
  withdrawalFee?: string;
  walletConnect?: boolean;
}

export interface Wallet extends Extensible {
  key: string;
  displayName: string;
  avatar?: string;
  image?: string;
  payPro?: boolean;
  currencies: WalletCurrency[];
}
