/** Stable codes of what the bridge refuses or fails at, with the HTTP status its plugin routes answer. */
export const BRIDGE_ERROR_STATUS = {
  INVALID_OPTION: 500,
  INVALID_REQUEST: 400,
  BAD_SIGNATURE: 401,
  STALE_REQUEST: 401,
  REPLAYED_REQUEST: 401,
  INVALID_REFERENCE: 404,
  ORDER_NOT_FOUND: 404,
  ORDER_NOT_PAYABLE: 409,
  NO_INVOICE: 409,
  REFUND_NOT_ALLOWED: 409,
  PAYLOAD_TOO_LARGE: 413,
  WOO_AUTH_FAILED: 502,
  WOO_ERROR: 502,
  WOO_UNREACHABLE: 503,
  BITPAY_ERROR: 502,
  BITPAY_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
} as const;

export type BridgeErrorCode = keyof typeof BRIDGE_ERROR_STATUS;

/** Every failure of the bridge: `code` is stable, the message is for people and never holds a secret. */
export class BridgeError extends Error {
  readonly code: BridgeErrorCode;
  readonly status: number;
  constructor(code: BridgeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BridgeError';
    this.code = code;
    this.status = BRIDGE_ERROR_STATUS[code];
  }
}
