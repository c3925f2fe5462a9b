import { describe, expect, it } from 'vitest';
import { control, eventually, postJson, readEvents } from './harness.js';
import { useBitPay } from './hooks.js';
import { storesUnderTest } from './stores.js';

const bitpay = useBitPay();
const stores = await storesUnderTest('bpc-late');

/** The sandbox's clock past the 15-minute expiry of every open invoice (BitPay then sends IPN 1004 expired). */
const pastExpiry = () => bitpay.sandbox.clock.advance(16 * 60_000);

describe.each(stores)('a payment after expiry, on %s', (_kind, available, store) => {
  it.skipIf(!available)(
    'reaches the view, the open stream and the hook; the order keeps its invoice until the shopper asks to replace it',
    async () => {
      const shop = await bitpay.shop({ store: store(), refreshIntervalMs: 200 });
      shop.orders.set('L1', { price: 40, currency: 'USD' });
      const created = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'L1' });
      expect(created.status).toBe(201);
      const id: string = created.json.id;

      const stream = readEvents(`${shop.base}/bitpay/invoices/${id}/events`, {
        until: (events) => events.some((e) => e.data.exceptionStatus === 'paidPartial'),
      });
      await pastExpiry();
      await eventually(() => shop.events.some((e) => e.invoiceId === id && e.status === 'expired'));
      await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'partial', currency: 'BTC' });

      // The stream stayed open at `expired` and carried the late payment.
      const seen = await stream;
      expect(seen.ended).toBe(false);
      const late = seen.events.at(-1)!.data;
      expect(late).toMatchObject({ id, status: 'expired', exceptionStatus: 'paidPartial', paidAfterExpiry: true });
      expect(Number(late.amountPaid)).toBeGreaterThan(0);
      expect(late.monitoringUntil).toBeGreaterThan(late.serverTime);

      const view = await (await fetch(`${shop.base}/bitpay/invoices/${id}`)).json();
      expect(view).toMatchObject({ status: 'expired', exceptionStatus: 'paidPartial', paidAfterExpiry: true });

      const hook = await eventually(() =>
        shop.events.find((e) => e.invoiceId === id && e.exceptionStatus === 'paidPartial'),
      );
      expect(hook).toMatchObject({ orderId: 'L1', status: 'expired', previousStatus: 'expired', current: true });
      expect(hook.invoice.paidAfterExpiry).toBe(true);

      // Reloading the order page shows the same invoice, not a new one to pay a second time.
      const reload = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'L1' });
      expect(reload.status).toBe(200);
      expect(reload.json.id).toBe(id);

      // "Pay again", asked for explicitly: a new invoice; the same request again (a double click) gets that one.
      const replaced = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'L1', replace: id });
      expect(replaced.status).toBe(201);
      expect(replaced.json.id).not.toBe(id);
      expect(replaced.json.status).toBe('new');
      const again = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'L1', replace: id });
      expect(again.status).toBe(200);
      expect(again.json.id).toBe(replaced.json.id);
      // The new one is open: it cannot be replaced.
      const refused = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'L1', replace: replaced.json.id });
      expect(refused.status).toBe(409);
      expect(refused.json.error.code).toBe('INVOICE_NOT_REPLACEABLE');
    },
  );

  it.skipIf(!available)(
    'found by the background re-read with no IPN and no watcher, is told to the hook as not the order’s current invoice',
    async () => {
      // No notificationURL: only the adapter's own re-reads can see the late payment.
      const shop = await bitpay.shop({ store: store(), notificationURL: undefined, monitoringIntervalMs: 200 });
      shop.orders.set('L2', { price: 41, currency: 'USD' });
      const a = (await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'L2' })).json.id as string;
      await pastExpiry();
      const b = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'L2', replace: a });
      expect(b.status).toBe(201);
      await control(bitpay.sandbox, `invoices/${b.json.id}/pay`, { amount: 'full', currency: 'BTC' });
      await shop.adapter.refresh(b.json.id);
      await control(bitpay.sandbox, `invoices/${a}/pay`, { amount: 'partial', currency: 'BTC' });

      const lateOnA = await eventually(() =>
        shop.events.find((e) => e.invoiceId === a && e.exceptionStatus === 'paidPartial'),
      );
      expect(lateOnA).toMatchObject({ orderId: 'L2', status: 'expired', current: false });
      const paidB = shop.events.find((e) => e.invoiceId === b.json.id && e.status === 'paid');
      expect(paidB).toMatchObject({ orderId: 'L2', current: true });
      // The order still answers with B, the paid one.
      expect((await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'L2' })).json.id).toBe(b.json.id);
    },
  );
});
