import { BitPayError } from '@bitpay-checkout/bitpay-client';
import { AdapterError } from './errors.js';

const UNAVAILABLE = new Set(['TIMEOUT', 'NETWORK_ERROR']);

/**
 * Turns whatever BitPay (or the client) threw into an AdapterError. The upstream message is deliberately
 * dropped: it is BitPay's text and must not reach a browser; the code and status are enough to act on.
 */
export function fromUpstream(err: unknown, what: string): AdapterError {
  if (err instanceof AdapterError) return err;
  if (err instanceof BitPayError) {
    if (UNAVAILABLE.has(err.code)) {
      return new AdapterError('UPSTREAM_UNAVAILABLE', `BitPay did not answer while ${what}; retry shortly.`, {
        cause: err,
      });
    }
    const status = err.status === undefined ? '' : ` (HTTP ${err.status})`;
    return new AdapterError('UPSTREAM_ERROR', `BitPay refused ${what}: ${err.code}${status}.`, { cause: err });
  }
  return new AdapterError('UPSTREAM_ERROR', `BitPay failed while ${what}.`, { cause: err });
}

/** BitPay says the invoice does not exist (or not for this token). */
export function isUpstreamNotFound(err: unknown): boolean {
  return err instanceof BitPayError && err.code === 'NOT_FOUND';
}
