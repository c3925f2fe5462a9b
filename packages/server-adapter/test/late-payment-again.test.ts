import { describe, expect, it } from 'vitest';
import { control, eventually, postJson, type TestShop } from './harness.js';
import { useBitPay } from './hooks.js';
import { storesUnderTest } from './stores.js';

const bitpay = useBitPay();
const stores = await storesUnderTest('bpc-late-again');

/** The sandbox's clock past the 15-minute expiry of every open invoice. */
const pastExpiry = () => bitpay.sandbox.clock.advance(16 * 60_000);

async function invoiceFor(s: TestShop, orderId: string): Promise<string> {
  s.orders.set(orderId, { price: 30, currency: 'USD' });
  return (await postJson(`${s.base}/bitpay/invoices`, { orderId })).json.id;
}

async function payPartial(s: TestShop, id: string): Promise<void> {
  await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'partial', currency: 'BTC' });
  await s.adapter.refresh(id);
}

const keysOf = (s: TestShop, id: string) => s.events.filter((e) => e.invoiceId === id).map((e) => e.idempotencyKey);

describe.each(stores)('more money after expiry, on %s', (_kind, available, store) => {
  it.skipIf(!available)(
    'a second late partial payment reaches the hook with the grown amount, under a key of its own',
    async () => {
      const s = await bitpay.shop({ store: store() });
      const id = await invoiceFor(s, 'LA1');
      await pastExpiry();
      await s.adapter.refresh(id);
      await payPartial(s, id);
      const first = await eventually(() => s.events.find((e) => e.invoiceId === id && e.exceptionStatus));
      expect(first).toMatchObject({ idempotencyKey: `${id}:expired:paidPartial`, current: true });

      await payPartial(s, id);
      const stored = (await s.adapter.store.getInvoice(id))!;
      expect(Number(stored.view.amountPaid)).toBeGreaterThan(Number(first.invoice.amountPaid));
      const again = await eventually(() =>
        s.events.find((e) => e.invoiceId === id && e !== first && e.exceptionStatus),
      );
      expect(again).toMatchObject({
        idempotencyKey: `${id}:expired:paidPartial:${stored.view.amountPaid}`,
        status: 'expired',
        previousStatus: 'expired',
        exceptionStatus: 'paidPartial',
        current: true,
      });
      expect(again.invoice).toMatchObject({ amountPaid: stored.view.amountPaid, paidAfterExpiry: true });
      expect(keysOf(s, id)).toEqual([`${id}:expired`, `${id}:expired:paidPartial`, again.idempotencyKey]);
      // Read again with nothing new: no further event.
      await s.adapter.refresh(id);
      await s.adapter.idle();
      expect(keysOf(s, id)).toHaveLength(3);
    },
  );

  it.skipIf(!available)(
    'a late payment on an invoice already partly paid before it expired reaches the hook',
    async () => {
      const s = await bitpay.shop({ store: store() });
      const id = await invoiceFor(s, 'LA2');
      await payPartial(s, id);
      await pastExpiry();
      await s.adapter.refresh(id);
      await eventually(() => s.events.find((e) => e.idempotencyKey === `${id}:expired:paidPartial`));
      expect((await s.adapter.store.getInvoice(id))!.view.paidAfterExpiry).toBe(false);

      await payPartial(s, id);
      const late = await eventually(() => s.events.find((e) => e.invoiceId === id && e.invoice.paidAfterExpiry));
      const stored = (await s.adapter.store.getInvoice(id))!;
      expect(late.idempotencyKey).toBe(`${id}:expired:paidPartial:${stored.view.amountPaid}`);
      expect(late.invoice.amountPaid).toBe(stored.view.amountPaid);
    },
  );

  it.skipIf(!available)('an open invoice paid in two parts still gets one event per status', async () => {
    const s = await bitpay.shop({ store: store() });
    const id = await invoiceFor(s, 'LA3');
    await payPartial(s, id);
    await payPartial(s, id);
    await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'full', currency: 'BTC' });
    await s.adapter.refresh(id);
    await eventually(() => s.events.find((e) => e.idempotencyKey === `${id}:paid`));
    await s.adapter.idle();
    expect(keysOf(s, id)).toEqual([`${id}:new:paidPartial`, `${id}:paid`]);
  });
});
