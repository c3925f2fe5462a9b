import type { ExceptionStatus, InvoiceStatus, RefundStatus } from '@bitpay-checkout/contract';

/**
 * Forward moves BitPay makes (protocol §4.2): new → paid → confirmed → complete, with high speed skipping
 * paid and low speed skipping confirmed; new → expired; paid → invalid → complete; declined from any
 * state before complete. Anything else (a late or replayed report) is a step back and is ignored.
 */
const FORWARD: Readonly<Record<InvoiceStatus, readonly InvoiceStatus[]>> = {
  new: ['paid', 'confirmed', 'complete', 'expired', 'invalid', 'declined'],
  paid: ['confirmed', 'complete', 'invalid', 'declined'],
  confirmed: ['complete', 'declined'],
  invalid: ['complete', 'declined'],
  complete: [],
  expired: [],
  declined: [],
};

const EXCEPTION_RANK: Readonly<Record<string, number>> = { false: 0, paidPartial: 1, paidOver: 2 };

/** Statuses that let an order get a fresh invoice: nothing was (or stays) paid on the old one. */
export function isReplaceable(status: InvoiceStatus): boolean {
  return status === 'expired' || status === 'declined';
}

export interface Observed {
  status: InvoiceStatus;
  exceptionStatus: ExceptionStatus;
  confirmations: number;
}

/**
 * Whether a freshly fetched state may replace the stored one. Same status: only if it adds information
 * (more confirmations, an exception status that moved on); otherwise the status must move forward.
 */
export function canAdvance(current: Observed, next: Observed): boolean {
  if (next.status !== current.status) return FORWARD[current.status].includes(next.status);
  const exceptionNow = EXCEPTION_RANK[String(current.exceptionStatus)] ?? 0;
  const exceptionNext = EXCEPTION_RANK[String(next.exceptionStatus)] ?? 0;
  if (exceptionNext < exceptionNow) return false;
  return next.confirmations >= current.confirmations;
}

const REFUND_RANK: Readonly<Record<RefundStatus, number>> = { pending: 0, success: 1, failure: 1, cancelled: 1 };

/** Refund states move from pending to one final state and never back. */
export function canAdvanceRefund(current: RefundStatus | null, next: RefundStatus): boolean {
  if (current === null) return true;
  if (current === next) return false;
  return REFUND_RANK[next] > REFUND_RANK[current];
}
