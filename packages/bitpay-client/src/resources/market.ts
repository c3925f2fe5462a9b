import { seg } from '../transport/url.js';
import type { Currency, Rate, Wallet } from '../types/market.js';
import { type Api, asArray, asObject } from './api.js';

// Public endpoints: no token, never signed (§2.1).

/** All rates against `baseCurrency` (BTC when omitted). */
export async function getRates(api: Api, baseCurrency?: string): Promise<Rate[]> {
  const path = baseCurrency ? `rates/${seg(baseCurrency)}` : 'rates';
  return asArray((await api.send({ method: 'GET', path, signed: false, session: false })).data, `GET /${path}`);
}

export async function getCurrencyPairRate(api: Api, baseCurrency: string, quoteCurrency: string): Promise<Rate> {
  const path = `rates/${seg(baseCurrency)}/${seg(quoteCurrency)}`;
  return asObject(
    (await api.send({ method: 'GET', path, signed: false, session: false })).data,
    'GET /rates/:base/:quote',
  );
}

export async function getCurrencies(api: Api): Promise<Currency[]> {
  const env = await api.send({ method: 'GET', path: 'currencies', signed: false, session: false });
  return asArray(env.data, 'GET /currencies');
}

/** GET /supportedWallets (the PHP SDK's spelling; the Node SDK lowercases it). */
export async function getSupportedWallets(api: Api): Promise<Wallet[]> {
  const env = await api.send({ method: 'GET', path: 'supportedWallets', signed: false, session: false });
  return asArray(env.data, 'GET /supportedWallets');
}
