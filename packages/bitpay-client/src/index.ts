// The client's public API. Transport internals (envelopes, lossless JSON, retries) are not part of it.
export {
  BitPayClient,
  type BitPayClientOptions,
  DEFAULT_MAX_RETRIES,
  DEFAULT_PLUGIN_INFO,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
} from './client.js';
export {
  BitPayApiError,
  BitPayAuthError,
  BitPayConfigError,
  BitPayError,
  type BitPayErrorCode,
  type BitPayErrorDetails,
  BitPayKeyError,
  BitPayTransportError,
  ERROR_CODES,
} from './errors/errors.js';
export { loadKey, saveKey } from './keys/file.js';
export { generateKey, Key, keyFromHex, keyFromPem, sinFromPublicKey } from './keys/key.js';
export { type SignedRequest, signRequest } from './signing/request.js';
export { type SignOptions, verifySignature } from './signing/sign.js';
export { FACADES, type Facade, TokenStore } from './tokens/token-store.js';
export { ENVIRONMENTS } from './transport/url.js';
export type * from './types/bill.js';
export type * from './types/common.js';
export type * from './types/invoice.js';
export type * from './types/ledger.js';
export type * from './types/market.js';
export type * from './types/payout.js';
export type * from './types/refund.js';
export type * from './types/settlement.js';
export type * from './types/subscription.js';
export type * from './types/token.js';
export { VERSION } from './version.js';
