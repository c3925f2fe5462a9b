import type { Extensible } from './common.js';

export interface TokenPolicy extends Extensible {
  policy: string;
  method: string;
  params: string[];
}

/** An element of `POST /tokens` → `data[]` (§2.2). */
export interface Token extends Extensible {
  token: string;
  facade: string;
  label?: string;
  policies?: TokenPolicy[];
  dateCreated?: number;
  pairingExpiration?: number;
  /** 7 chars; approve it at /dashboard/merchant/api-tokens (client-initiated pairing). */
  pairingCode?: string;
  resource?: string;
}
