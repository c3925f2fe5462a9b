import { INVOICE_STATUSES, isFinalStatus, isTerminalView } from '@bitpay-checkout/contract';
import { describe, expect, it } from 'vitest';
import { canAdvance, canAdvanceRefund, isReplaceable } from './machine.js';

const at = (
  status: (typeof INVOICE_STATUSES)[number],
  confirmations = 0,
  exceptionStatus: false | 'paidPartial' | 'paidOver' = false,
) => ({
  status,
  confirmations,
  exceptionStatus,
});

describe('invoice state machine', () => {
  it('moves along BitPay’s forward paths', () => {
    expect(canAdvance(at('new'), at('paid'))).toBe(true);
    expect(canAdvance(at('paid'), at('confirmed'))).toBe(true);
    expect(canAdvance(at('confirmed'), at('complete'))).toBe(true);
    expect(canAdvance(at('new'), at('confirmed'))).toBe(true); // high speed
    expect(canAdvance(at('paid'), at('complete'))).toBe(true); // low speed
    expect(canAdvance(at('new'), at('expired'))).toBe(true);
    expect(canAdvance(at('paid'), at('invalid'))).toBe(true);
    expect(canAdvance(at('invalid'), at('complete'))).toBe(true);
  });

  it('takes a payment after expiry as news on the expired invoice, never back to nothing paid', () => {
    expect(canAdvance(at('expired'), at('expired', 0, 'paidPartial'))).toBe(true);
    expect(canAdvance(at('expired'), at('expired', 0, 'paidOver'))).toBe(true);
    expect(canAdvance(at('expired', 0, 'paidPartial'), at('expired', 1, 'paidOver'))).toBe(true);
    expect(canAdvance(at('expired', 0, 'paidPartial'), at('expired'))).toBe(false);
    expect(canAdvance(at('expired', 0, 'paidOver'), at('expired', 0, 'paidPartial'))).toBe(false);
  });

  it('never moves back or out of a final state', () => {
    expect(canAdvance(at('complete'), at('paid'))).toBe(false);
    expect(canAdvance(at('confirmed'), at('paid'))).toBe(false);
    expect(canAdvance(at('paid'), at('new'))).toBe(false);
    expect(canAdvance(at('expired'), at('paid'))).toBe(false);
    for (const s of INVOICE_STATUSES) if (s !== 'complete') expect(canAdvance(at('complete'), at(s))).toBe(false);
  });

  it('takes more confirmations or a newer exception within a status, never fewer', () => {
    expect(canAdvance(at('paid', 1), at('paid', 2))).toBe(true);
    expect(canAdvance(at('paid', 2), at('paid', 1))).toBe(false);
    expect(canAdvance(at('new'), at('new', 0, 'paidPartial'))).toBe(true);
    expect(canAdvance(at('paid', 0, 'paidOver'), at('paid', 0, false))).toBe(false);
  });

  it('lets an order replace only an expired or declined invoice', () => {
    expect(INVOICE_STATUSES.filter(isReplaceable)).toEqual(['expired', 'declined']);
  });

  it('ends a stream at a final state unless a refund is still pending', () => {
    expect(isTerminalView({ status: 'complete', refund: null })).toBe(true);
    expect(isTerminalView({ status: 'paid', refund: null })).toBe(false);
    expect(isTerminalView({ status: 'complete', refund: { status: 'pending' } })).toBe(false);
    expect(isTerminalView({ status: 'complete', refund: { status: 'success' } })).toBe(true);
  });

  it("calls final exactly the statuses the machine never leaves (the contract's list)", () => {
    const leaves = (s: (typeof INVOICE_STATUSES)[number]) =>
      INVOICE_STATUSES.some((next) => next !== s && canAdvance(at(s), at(next)));
    for (const s of INVOICE_STATUSES) expect(isFinalStatus(s), s).toBe(!leaves(s));
  });

  it('moves refunds from pending to one outcome', () => {
    expect(canAdvanceRefund(null, 'pending')).toBe(true);
    expect(canAdvanceRefund('pending', 'success')).toBe(true);
    expect(canAdvanceRefund('success', 'pending')).toBe(false);
    expect(canAdvanceRefund('pending', 'pending')).toBe(false);
  });
});
