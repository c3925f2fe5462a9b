/**
 * Codes the element reports. The adapter's own codes (contract "Errors") pass through unchanged;
 * the element adds the ones that happen before an answer exists.
 */
export type CheckoutErrorCode =
  | 'INVALID_REQUEST'
  | 'ORIGIN_NOT_ALLOWED'
  | 'ORDER_NOT_FOUND'
  | 'INVOICE_NOT_FOUND'
  | 'NOT_FOUND'
  | 'ORDER_NOT_PAYABLE'
  | 'RATE_LIMITED'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_UNAVAILABLE'
  /** The adapter could not be reached (network error, CORS, offline). */
  | 'NETWORK_ERROR'
  /** The adapter answered with something that is not the contract's shape. */
  | 'BAD_RESPONSE'
  | (string & {});

/** The one error class of this package: `code` is stable, `message` is for people. */
export class CheckoutError extends Error {
  override name = 'CheckoutError';
  constructor(
    readonly code: CheckoutErrorCode,
    message: string,
    /** HTTP status of the adapter's answer, 0 when there was none. */
    readonly status = 0,
  ) {
    super(message);
  }

  /** Whether trying again may help (the adapter or BitPay was unreachable or busy). */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}
