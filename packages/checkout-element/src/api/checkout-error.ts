import type { ClientErrorCode, ErrorCode } from '@bitpay-checkout/contract';

/**
 * Codes the element reports: the adapter's own codes (the contract's list) pass through unchanged, and
 * the element adds the ones that happen before an answer exists (`NETWORK_ERROR`, `BAD_RESPONSE`).
 */
export type CheckoutErrorCode = ErrorCode | ClientErrorCode | (string & {});

/** The one error class of this package: `code` is stable, `message` is for people. */
export class CheckoutError extends Error {
  override name = 'CheckoutError';
  constructor(
    readonly code: CheckoutErrorCode,
    message: string,
    /** HTTP status of the adapter's answer, 0 when there was none. */
    readonly status = 0,
    /** Seconds to wait before trying again (the answer's `Retry-After`), or null when it gave none. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }

  /** Whether trying again may help (the adapter or BitPay was unreachable or busy). */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}
