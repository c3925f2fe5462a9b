import { ERROR_CODES, ERROR_STATUS, type ErrorCode } from '@bitpay-checkout/contract';

/** Every `code` an {@link AdapterError} can carry (the contract's list). Stable: callers and browsers branch on these, never on messages. */
export const ADAPTER_ERROR_CODES: readonly ErrorCode[] = ERROR_CODES;

export type AdapterErrorCode = ErrorCode;

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

/** The one place codes map to HTTP status (the contract's table). */
export const HTTP_STATUS: Readonly<Record<AdapterErrorCode, number>> = ERROR_STATUS;
