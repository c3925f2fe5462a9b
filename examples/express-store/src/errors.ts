/** The store's own refusals, each with a stable code (callers branch on it) and words for people. */
export const STORE_ERROR_STATUS = {
  CROSS_SITE_REQUEST: 403,
  CSRF_TOKEN_INVALID: 403,
  ORDER_NOT_FOUND: 404,
  NOT_REFUNDABLE: 409,
  REFUND_PENDING: 409,
  ALREADY_REFUNDED: 409,
} as const;

export type StoreErrorCode = keyof typeof STORE_ERROR_STATUS;

export class StoreError extends Error {
  readonly status: number;
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
    this.status = STORE_ERROR_STATUS[code];
  }
}
