import type { BitPayClient } from '@bitpay-checkout/bitpay-client';
import type { ResolvedOptions } from '../options/validate.js';
import type { Store } from '../store/types.js';
import type { InvoiceCache } from './cache.js';

/** What the adapter's parts share. */
export interface AdapterContext {
  opts: ResolvedOptions;
  client: BitPayClient;
  store: Store;
  /** Resolves once the store is initialised. */
  ready: Promise<void>;
  /** Read-through cache for hot read paths (never for decisions that write). */
  cache: InvoiceCache;
  /** Wakes the outbox dispatcher after a local change. */
  kickOutbox: () => void;
}
