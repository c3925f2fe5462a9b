import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { subtractDecimal } from './decimal.js';
import { buildView, finalizeView } from './public-view.js';

// An invoice as BitPay returns it (shape of GET /invoices/:id → data), with secrets and buyer data in it.
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/invoice.json', import.meta.url), 'utf8'));

describe('bitpayTime', () => {
  it('is BitPay’s currentTime advanced by the time since the invoice was fetched', () => {
    const fetched = buildView(
      { ...fixture, currentTime: 5_000_000 },
      { orderId: 'o-1', price: 12.5, currency: 'EUR', receiptUrl: null, refund: null, fetchedAt: 1_000_000 },
    );
    // Fetched at 1,000,000 on the adapter's clock; sent 30 s later.
    expect(finalizeView(fetched, '/bitpay', 1_030_000)).toMatchObject({ bitpayTime: 5_030_000, serverTime: 1_030_000 });
  });

  it('is null when BitPay sent no currentTime', () => {
    const { currentTime: _, ...rest } = fixture;
    const v = buildView(rest, {
      orderId: 'o-1',
      price: 1,
      currency: 'EUR',
      receiptUrl: null,
      refund: null,
      fetchedAt: 1,
    });
    expect(finalizeView(v, '/bitpay', 2).bitpayTime).toBeNull();
  });
});

describe('late payments in the view', () => {
  const expired = {
    ...fixture,
    status: 'expired',
    exceptionStatus: 'paidPartial',
    currentTime: fixture.expirationTime,
  };
  const extras = { orderId: 'o-1', price: 12.5, currency: 'EUR', receiptUrl: null, refund: null };

  it('says a payment arrived after expiry only when a transaction was received at or after it', () => {
    const at = (ms: number) => [{ amount: 1, confirmations: 0, receivedTime: new Date(ms).toISOString() }];
    const late = buildView({ ...expired, transactions: at(fixture.expirationTime + 1000) }, extras);
    const early = buildView({ ...expired, transactions: at(fixture.expirationTime - 1000) }, extras);
    expect(late.paidAfterExpiry).toBe(true);
    expect(early.paidAfterExpiry).toBe(false);
    expect(buildView({ ...fixture, transactions: at(fixture.expirationTime + 1000) }, extras).paidAfterExpiry).toBe(
      false,
    );
  });

  it('gives expired and invalid invoices a monitoring window from their expiry, on the adapter clock', () => {
    const fetchedAt = fixture.expirationTime - 60_000; // BitPay's clock a minute ahead
    const view = buildView(expired, { ...extras, fetchedAt, monitoringWindowMs: 3_600_000 });
    expect(view.monitoringUntil).toBe(fixture.expirationTime - 60_000 + 3_600_000);
    expect(buildView({ ...fixture, status: 'paid' }, { ...extras, monitoringWindowMs: 1 }).monitoringUntil).toBeNull();
    // Stored before the window existed: read as not followed.
    const { monitoringUntil: _, paidAfterExpiry: __, ...old } = view;
    expect(finalizeView(old, '/bitpay', 1)).toMatchObject({ monitoringUntil: null, paidAfterExpiry: false });
  });
});

describe('buildView', () => {
  const view = buildView(fixture, { orderId: 'o-1', price: 12.5, currency: 'EUR', receiptUrl: null, refund: null });

  it('keeps only the allow-listed fields', () => {
    expect(Object.keys(finalizeView(view, '/bitpay', 1)).sort()).toEqual(
      [
        'amountDue',
        'amountPaid',
        'bitpayTime',
        'confirmations',
        'currency',
        'exceptionStatus',
        'expirationTime',
        'id',
        'invoiceTime',
        'itemDesc',
        'merchantName',
        'monitoringUntil',
        'orderId',
        'overpaidAmount',
        'paidAfterExpiry',
        'paymentCurrencies',
        'price',
        'receiptUrl',
        'redirectURL',
        'refund',
        'serverTime',
        'status',
        'targetConfirmations',
        'transactionCurrency',
        'transactionSpeed',
        'url',
      ].sort(),
    );
    const text = JSON.stringify(view);
    expect(text).not.toContain(fixture.token);
    expect(text).not.toContain(fixture.buyer.email);
    expect(text).not.toContain(fixture.notificationURL);
    expect(text).not.toContain(fixture.posData);
  });

  it('takes price and currency from the order, not from BitPay’s body', () => {
    expect(view.price).toBe(12.5);
    expect(view.currency).toBe('EUR');
  });

  it('lists enabled currencies with decimal strings and QR paths under the mount', () => {
    const btc = view.paymentCurrencies.find((c) => c.code === 'BTC');
    expect(btc?.total).toBe(fixture.paymentDisplayTotals.BTC);
    expect(btc?.subtotal).toBe(fixture.paymentDisplaySubTotals.BTC);
    expect(btc?.decimals).toBe(8);
    expect(btc?.networkCost).toBe('0.00000100');
    expect(btc?.rate).toBe(57012.4); // in the order's currency (EUR here)
    expect(view.paymentCurrencies.map((c) => c.code)).toEqual(['BTC', 'ETH', 'USDC']);
    expect(view.paymentCurrencies.find((c) => c.code === 'ETH')?.networkCost).toBe('0');
    const finalized = finalizeView(view, '/shop/bitpay', 1);
    expect(finalized.paymentCurrencies[0]?.qr).toMatch(
      /^\/shop\/bitpay\/invoices\/[^/]+\/qr\.svg\?currency=[A-Z0-9]+$/,
    );
    for (const [code, s] of Object.entries(
      fixture.supportedTransactionCurrencies as Record<string, { enabled: boolean }>,
    )) {
      if (!s.enabled) expect(view.paymentCurrencies.some((c) => c.code === code)).toBe(false);
    }
  });
});

describe('decimal strings', () => {
  it('subtracts without float error, also at wei scale', () => {
    expect(subtractDecimal('0.3', '0.1')).toBe('0.2');
    expect(subtractDecimal('1.000000000000000001', '0.000000000000000002')).toBe('0.999999999999999999');
  });
});
