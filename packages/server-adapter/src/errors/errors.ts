/** Every `code` an {@link AdapterError} can carry. Stable: callers and browsers branch on these, never on messages. */
export const ADAPTER_ERROR_CODES = [
  'INVALID_OPTION',
  'INVALID_REQUEST',
  'INVALID_SIGNATURE',
  'ORIGIN_NOT_ALLOWED',
  'ORDER_NOT_FOUND',
  'INVOICE_NOT_FOUND',
  'NOT_FOUND',
  'ORDER_NOT_PAYABLE',
  'REFUND_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'UPSTREAM_ERROR',
  'UPSTREAM_UNAVAILABLE',
  'ORDER_MISMATCH',
  'BUNDLE_MISSING',
  'STORE_ERROR',
  'CLOSED',
  'INTERNAL_ERROR',
] as const;

export type AdapterErrorCode = (typeof ADAPTER_ERROR_CODES)[number];

/** Base class of every error this package throws or answers with. */
export class AdapterError extends Error {
  readonly code: AdapterErrorCode;
  /** Seconds to wait before retrying (`Retry-After`), for RATE_LIMITED. */
  readonly retryAfterSeconds?: number;

  constructor(code: AdapterErrorCode, message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The one place codes map to HTTP status. */
export const HTTP_STATUS: Readonly<Record<AdapterErrorCode, number>> = {
  INVALID_OPTION: 500,
  INVALID_REQUEST: 400,
  INVALID_SIGNATURE: 401,
  ORIGIN_NOT_ALLOWED: 403,
  ORDER_NOT_FOUND: 404,
  INVOICE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  ORDER_NOT_PAYABLE: 409,
  REFUND_NOT_ALLOWED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UPSTREAM_ERROR: 502,
  UPSTREAM_UNAVAILABLE: 503,
  ORDER_MISMATCH: 502,
  BUNDLE_MISSING: 503,
  STORE_ERROR: 503,
  CLOSED: 503,
  INTERNAL_ERROR: 500,
};
