import { plainError } from '../errors.js';
import type { Route } from '../http/router.js';
import { CRYPTOS, FIATS } from '../money/currencies.js';
import { rateCodes, rateEntry, usdPerUnit } from '../money/rates.js';
import type { SandboxState } from '../state/state.js';

const PUBLIC = { kind: 'public' } as const;

function currenciesJson() {
  return [
    ...CRYPTOS.map((c) => ({
      code: c.code,
      symbol: c.symbol,
      precision: c.precision,
      name: c.name,
      plural: c.name,
      alts: c.code.toLowerCase(),
      minimum: 10 ** -c.precision,
      sanctioned: false,
      decimals: c.decimals,
      chain: c.chain,
    })),
    ...FIATS.map((f) => ({
      code: f.code,
      symbol: f.symbol,
      precision: f.precision,
      name: f.name,
      plural: f.plural,
      alts: f.code.toLowerCase(),
      minimum: 10 ** -f.precision,
      sanctioned: false,
      decimals: f.precision,
    })),
  ];
}

const WALLETS = [
  { key: 'bitpay', displayName: 'BitPay', avatar: 'bitpay-wallet.png' },
  { key: 'copay', displayName: 'Copay', avatar: 'copay-wallet.svg' },
  { key: 'coinbase', displayName: 'Coinbase', avatar: 'coinbase-wallet.svg' },
];

function walletsJson(state: SandboxState) {
  return WALLETS.map((w) => ({
    ...w,
    payPro: true,
    currencies: CRYPTOS.map((c) => ({
      code: c.code,
      p2p: true,
      dappBrowser: c.chain === 'ETH',
      image: `${state.publicUrl}img/icon/currencies/${c.code}.svg`,
      payPro: true,
      qr: { type: c.codes[0], collapsed: false },
      withdrawalFee: '0',
      walletConnect: c.chain === 'ETH',
    })),
    image: `${state.publicUrl}img/wallet-logos/${w.key}.svg`,
  }));
}

const rateNotFound = () => plainError('rate_not_found', 404, 'Rate not found');

/** Public resources: rates (BTC base by default), currencies, supported wallets. Signature headers ignored. */
export function publicRoutes(state: SandboxState): Route[] {
  const rates = (base: string) => {
    if (!usdPerUnit(base)) throw rateNotFound();
    return { body: { data: rateCodes().map((e) => rateEntry(base, e.code)!) } };
  };
  return [
    { method: 'GET', pattern: '/rates', access: PUBLIC, handle: () => rates('BTC') },
    { method: 'GET', pattern: '/rates/:base', access: PUBLIC, handle: (ctx) => rates(ctx.params.base!.toUpperCase()) },
    {
      method: 'GET',
      pattern: '/rates/:base/:quote',
      access: PUBLIC,
      handle: (ctx) => {
        const e = rateEntry(ctx.params.base!.toUpperCase(), ctx.params.quote!.toUpperCase());
        if (!e) throw rateNotFound();
        return { body: { data: e } };
      },
    },
    { method: 'GET', pattern: '/currencies', access: PUBLIC, handle: () => ({ body: { data: currenciesJson() } }) },
    // PHP spells it supportedWallets, Node supportedwallets; fixed path parts match case-insensitively.
    {
      method: 'GET',
      pattern: '/supportedWallets',
      access: PUBLIC,
      handle: () => ({ body: { data: walletsJson(state) } }),
    },
  ];
}
