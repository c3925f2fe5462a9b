import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInvoice, openInvoice } from '../src/api/adapter-client.js';
import { CheckoutError } from '../src/api/checkout-error.js';
import { type Harness, startHarness } from './harness/server.js';

// The element's HTTP client against the real adapter and the BitPay sandbox.
let harness: Harness;
let endpoint: string;
beforeAll(async () => {
  harness = await startHarness();
  endpoint = `${harness.url}/bitpay`;
});
afterAll(() => harness?.close());

const harnessPost = (path: string, body: unknown) =>
  fetch(`${harness.url}/harness/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function rejection(promise: Promise<unknown>): Promise<CheckoutError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CheckoutError);
  return err as CheckoutError;
}

describe('openInvoice', () => {
  it('gets the order’s invoice, the same one when asked again', async () => {
    const orderId = `order-${crypto.randomUUID()}`;
    const first = await openInvoice(endpoint, orderId);
    expect(first.value).toMatchObject({ orderId, status: 'new', price: 25.5, currency: 'USD' });
    expect(first.value.paymentCurrencies.length).toBeGreaterThan(0);
    expect(first.sentAt).toBeLessThanOrEqual(first.receivedAt);
    const again = await openInvoice(`${endpoint}/`, orderId);
    expect(again.value.id).toBe(first.value.id);
  });

  it('reports the adapter’s codes for orders that cannot be paid', async () => {
    expect((await rejection(openInvoice(endpoint, 'nope-1'))).code).toBe('ORDER_NOT_FOUND');
    const notPayable = await rejection(openInvoice(endpoint, 'paid-1'));
    expect(notPayable).toMatchObject({ code: 'ORDER_NOT_PAYABLE', status: 409, retryable: false });
  });
});

describe('getInvoice', () => {
  it('follows what the sandbox does to the invoice', async () => {
    const { value } = await openInvoice(endpoint, `order-${crypto.randomUUID()}`);
    const currency = value.paymentCurrencies[0]!.code;
    expect((await harnessPost(`invoices/${value.id}/pay`, { amount: 'full', currency })).status).toBe(200);
    await expect
      .poll(async () => (await getInvoice(endpoint, value.id)).value.status, { timeout: 15_000 })
      .toBe('paid');
  });

  it('reports INVOICE_NOT_FOUND and, with the adapter offline, a retryable NETWORK_ERROR', async () => {
    expect((await rejection(getInvoice(endpoint, 'G3viJEJgE8Jk2oekSdgT2A'))).code).toBe('INVOICE_NOT_FOUND');
    await harnessPost('offline', { offline: true });
    try {
      const offline = await rejection(getInvoice(endpoint, 'G3viJEJgE8Jk2oekSdgT2A'));
      expect(offline).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    } finally {
      await harnessPost('offline', { offline: false });
    }
  });
});
