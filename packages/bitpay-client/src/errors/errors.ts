/** Every `code` a {@link BitPayError} can carry. Stable: callers branch on these, never on messages. */
export const ERROR_CODES = [
  'INVALID_SIGNATURE',
  'INVALID_TOKEN',
  'UNAUTHORIZED_SIN',
  'NOT_FOUND',
  'MISSING_PARAMETER',
  'INVALID_PARAMETER',
  'API_ERROR',
  'TIMEOUT',
  'NETWORK_ERROR',
  'INVALID_RESPONSE',
  'SESSION_EXPIRED',
  'INVALID_KEY',
  'MISSING_KEY',
  'MISSING_TOKEN',
  'INVALID_OPTION',
] as const;

export type BitPayErrorCode = (typeof ERROR_CODES)[number];

export interface BitPayErrorDetails {
  /** HTTP status of BitPay's answer, when there was one. */
  status?: number;
  /** BitPay's 6-digit code (method ‖ resource ‖ error), when the envelope carried one. */
  bitpayCode?: string;
  /** `param` names of a `{"errors":[…]}` envelope. */
  params?: readonly string[];
  /** `METHOD /path` of the request (never the query: it holds the token). */
  request?: string;
  cause?: unknown;
}

/** Base class of every error this package throws. */
export class BitPayError extends Error {
  readonly code: BitPayErrorCode;
  readonly status?: number;
  readonly bitpayCode?: string;
  readonly params?: readonly string[];
  readonly request?: string;

  constructor(code: BitPayErrorCode, message: string, details: BitPayErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    if (details.status !== undefined) this.status = details.status;
    if (details.bitpayCode !== undefined) this.bitpayCode = details.bitpayCode;
    if (details.params !== undefined) this.params = details.params;
    if (details.request !== undefined) this.request = details.request;
  }
}

/** BitPay answered with an error envelope (§3.1). */
export class BitPayApiError extends BitPayError {}

/** BitPay rejected our credentials: signature, token or SIN. */
export class BitPayAuthError extends BitPayApiError {}

/** The request never got a usable answer: timeout, connection failure, or a body that is not BitPay JSON. */
export class BitPayTransportError extends BitPayError {}

/** A key could not be generated, parsed, loaded or is missing. */
export class BitPayKeyError extends BitPayError {}

/** The client was called without what it needs (token, option). */
export class BitPayConfigError extends BitPayError {}
