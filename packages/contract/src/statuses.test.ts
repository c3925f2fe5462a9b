import { describe, expect, it } from 'vitest';
import { INVOICE_STATUSES, isFinalStatus, isInvoiceStatus, isTerminalView } from './statuses.js';

describe('isTerminalView', () => {
  it('ends a stream only at a final status, and not while a refund is pending', () => {
    const ends = INVOICE_STATUSES.filter((status) => isTerminalView({ status, refund: null }));
    expect(ends).toEqual(['complete', 'expired', 'declined']);
    expect(isTerminalView({ status: 'complete', refund: { status: 'pending' } })).toBe(false);
    expect(isTerminalView({ status: 'complete', refund: { status: 'failure' } })).toBe(true);
  });

  it('ends it at a successful refund, whatever the status', () => {
    expect(isTerminalView({ status: 'confirmed', refund: { status: 'success' } })).toBe(true);
  });

  it('keeps an invalid invoice open: BitPay may still complete it', () => {
    expect(isFinalStatus('invalid')).toBe(false);
    expect(isTerminalView({ status: 'invalid', refund: null })).toBe(false);
  });
});

describe('isTerminalView during the monitoring window', () => {
  it("keeps an expired invoice open until its window ends, on the view's clock or the one given", () => {
    const view = { status: 'expired' as const, refund: null, monitoringUntil: 2000, serverTime: 1000 };
    expect(isTerminalView(view)).toBe(false);
    expect(isTerminalView({ ...view, serverTime: 2000 })).toBe(true);
    expect(isTerminalView(view, 2500)).toBe(true);
    expect(isTerminalView({ ...view, monitoringUntil: null })).toBe(true);
  });

  it('does not hold a complete or declined invoice open', () => {
    for (const status of ['complete', 'declined'] as const) {
      expect(isTerminalView({ status, refund: null, monitoringUntil: 2000, serverTime: 1000 })).toBe(true);
    }
  });
});

describe('isInvoiceStatus', () => {
  it('accepts BitPay statuses only', () => {
    expect(INVOICE_STATUSES.every(isInvoiceStatus)).toBe(true);
    expect(isInvoiceStatus('settled')).toBe(false);
    expect(isInvoiceStatus(undefined)).toBe(false);
  });
});
