import { describe, expect, it } from 'vitest';
import { invoiceView } from '../../test/fixtures/invoice-view.js';
import { paymentUri, viewState } from './view-state.js';

describe('viewState', () => {
  it('asks for payment while the invoice is new', () => {
    expect(viewState(invoiceView())).toMatchObject({ kind: 'awaiting', payable: true, terminal: false });
  });

  it('keeps payment open, with a warning, while partly paid', () => {
    const view = invoiceView({ exceptionStatus: 'paidPartial', amountDue: '0.0001', transactionCurrency: 'BTC' });
    expect(viewState(view)).toMatchObject({ kind: 'partial', payable: true, tone: 'warning' });
  });

  it('explains an overpayment once paid, and a plain payment as confirming', () => {
    expect(viewState(invoiceView({ status: 'paid', exceptionStatus: 'paidOver' }))).toMatchObject({
      kind: 'overpaid',
      payable: false,
    });
    expect(viewState(invoiceView({ status: 'paid' }))).toMatchObject({ kind: 'confirming', payable: false });
  });

  it.each([
    ['confirmed', 'success', false],
    ['complete', 'success', true],
    ['expired', 'error', true],
    ['invalid', 'error', false],
    ['declined', 'error', true],
  ] as const)('shows %s with tone %s (terminal: %s)', (status, tone, terminal) => {
    expect(viewState(invoiceView({ status }))).toEqual({ kind: status, tone, terminal, payable: false });
  });

  it('shows a refund under way or done, not a failed one', () => {
    const refund = { amount: '12.00', currency: 'USD' };
    const done = invoiceView({ status: 'complete', refund: { ...refund, status: 'success' } });
    expect(viewState(done)).toMatchObject({ kind: 'refunded', terminal: true });
    expect(viewState(invoiceView({ status: 'confirmed', refund: { ...refund, status: 'pending' } }))).toMatchObject({
      kind: 'refunded',
      terminal: false,
    });
    expect(viewState(invoiceView({ status: 'confirmed', refund: { ...refund, status: 'failure' } })).kind).toBe(
      'confirmed',
    );
  });

  it('treats a status it does not know as still in progress', () => {
    const view = invoiceView({ status: 'settling' as never });
    expect(viewState(view)).toMatchObject({ kind: 'confirming', terminal: false });
  });
});

describe('paymentUri', () => {
  it('prefers the codes the adapter puts in the QR code, in its order', () => {
    const [btc, eth, usdc, xrp] = invoiceView().paymentCurrencies;
    expect(paymentUri(btc!.paymentCodes)).toMatch(/^bitcoin:\?r=/);
    expect(paymentUri(eth!.paymentCodes)).toMatch(/^ethereum:\?r=/);
    expect(paymentUri(usdc!.paymentCodes)).toMatch(/^ethereum:\?r=/);
    expect(paymentUri(xrp!.paymentCodes)).toMatch(/^ripple:\?r=/);
    expect(paymentUri({ BIP73: 'https://bitpay.com/i/x' })).toBe('https://bitpay.com/i/x');
    expect(paymentUri({})).toBeUndefined();
  });
});
