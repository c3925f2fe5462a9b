/**
 * Every error code the adapter answers with (`{"error":{"code","message"}}`), mapped to its HTTP status.
 * Stable: callers and browsers branch on these, never on messages.
 */
export const ERROR_STATUS = {
  INVALID_OPTION: 500,
  INVALID_REQUEST: 400,
  INVALID_SIGNATURE: 401,
  ORIGIN_NOT_ALLOWED: 403,
  ORDER_NOT_FOUND: 404,
  INVOICE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  ORDER_NOT_PAYABLE: 409,
  REFUND_NOT_ALLOWED: 409,
  /** `POST /invoices {orderId, replace}` named the order's current invoice while it is still open or paid. */
  INVOICE_NOT_REPLACEABLE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UPSTREAM_ERROR: 502,
  UPSTREAM_UNAVAILABLE: 503,
  /** The order's invoice is still being created at BitPay; retry after Retry-After seconds (same invoice). */
  INVOICE_PENDING: 503,
  ORDER_MISMATCH: 502,
  BUNDLE_MISSING: 503,
  STORE_ERROR: 503,
  CLOSED: 503,
  INTERNAL_ERROR: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The codes, in the contract's order. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** Codes the element adds for what happens before an answer exists. */
export const CLIENT_ERROR_CODES = [
  /** The adapter could not be reached (network error, CORS, offline). */
  'NETWORK_ERROR',
  /** The adapter answered with something that is not the contract's shape. */
  'BAD_RESPONSE',
] as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
