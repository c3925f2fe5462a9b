import { BitPayClient } from '@bitpay-checkout/bitpay-client';
import { describe, expect, it } from 'vitest';
import { control, readEvents } from './harness.js';
import { useBitPay } from './hooks.js';

const bitpay = useBitPay();

/** An invoice the merchant's own site made at BitPay (say BitPay's WooCommerce plugin), not the adapter. */
async function merchantsOwnInvoice(orderId: string): Promise<string> {
  const own = new BitPayClient({
    environment: bitpay.sandbox.url,
    key: bitpay.creds.key,
    tokens: { merchant: bitpay.creds.merchant },
  });
  const made = (await own.createInvoice({ price: 15, currency: 'USD', orderId }, { facade: 'merchant' })) as {
    id: string;
  };
  return made.id;
}

describe('an adopted invoice after its expiry', () => {
  it('is followed for the monitoring window: a late payment reaches the open stream, and no status hook', async () => {
    const shop = await bitpay.shop({ refreshIntervalMs: 150 });
    const id = await merchantsOwnInvoice('woo-late-1');
    // Expired at BitPay before the shopper's page first asks the adapter for it.
    await bitpay.sandbox.clock.advance(16 * 60_000);

    const view = await (await fetch(`${shop.base}/bitpay/invoices/${id}`)).json();
    expect(view).toMatchObject({ id, orderId: 'woo-late-1', status: 'expired', exceptionStatus: false });
    expect(view.monitoringUntil).toBeGreaterThan(view.serverTime);

    // The page's stream stays open at `expired` and carries the late payment.
    const stream = readEvents(`${shop.base}/bitpay/invoices/${id}/events`, {
      until: (events) => events.some((e) => e.data.paidAfterExpiry === true),
    });
    await new Promise((r) => setTimeout(r, 300));
    await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'partial', currency: 'BTC' });
    const seen = await stream;
    expect(seen.ended).toBe(false);
    expect(seen.events.at(-1)!.data).toMatchObject({
      id,
      status: 'expired',
      exceptionStatus: 'paidPartial',
      paidAfterExpiry: true,
    });

    // Adopted: no order of the shop's, so the merchant's hook hears nothing of it.
    await shop.adapter.idle();
    expect(shop.events.filter((e) => e.invoiceId === id)).toEqual([]);
  });

  it('adopted while still open gets the same window once it expires', async () => {
    const shop = await bitpay.shop();
    const id = await merchantsOwnInvoice('woo-late-2');
    const open = await (await fetch(`${shop.base}/bitpay/invoices/${id}`)).json();
    expect(open).toMatchObject({ status: 'new', monitoringUntil: null });
    await bitpay.sandbox.clock.advance(16 * 60_000);
    await shop.adapter.refresh(id);
    const expired = await (await fetch(`${shop.base}/bitpay/invoices/${id}`)).json();
    expect(expired.status).toBe('expired');
    expect(expired.monitoringUntil).toBeGreaterThan(expired.serverTime);
  });
});
