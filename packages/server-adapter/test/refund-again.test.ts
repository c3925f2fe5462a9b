import { describe, expect, it } from 'vitest';
import { control, eventually, postJson, type TestShop } from './harness.js';
import { useBitPay } from './hooks.js';
import { storesUnderTest } from './stores.js';

const bitpay = useBitPay();
const stores = await storesUnderTest('bpc-refund');

async function paidInvoice(s: TestShop, orderId: string): Promise<string> {
  s.orders.set(orderId, { price: 20, currency: 'USD' });
  const id: string = (await postJson(`${s.base}/bitpay/invoices`, { orderId })).json.id;
  await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'full', currency: 'BTC' });
  await control(bitpay.sandbox, `invoices/${id}/status`, { status: 'complete' });
  await s.adapter.refresh(id);
  expect((await s.adapter.store.getInvoice(id))?.status).toBe('complete');
  return id;
}

describe.each(stores)('a refund made again after one failed, on %s', (_kind, available, store) => {
  it.skipIf(!available)('reaches the hook as a new refund, under keys of its own', async () => {
    const s = await bitpay.shop({ store: store() });
    const id = await paidInvoice(s, 'RF1');
    const refundKeys = () => s.events.filter((e) => e.idempotencyKey.includes(':refund:')).map((e) => e.idempotencyKey);

    const first = await s.adapter.refund('RF1', { amount: 5 });
    await control(bitpay.sandbox, `refunds/${first.refundId}/status`, { status: 'failure' });
    await s.adapter.refresh(id);
    await eventually(() => s.events.find((e) => e.invoice.refund?.status === 'failure'));

    // The merchant tries again: a second refund at BitPay, pending like the first one was.
    const second = await s.adapter.refund('RF1', { amount: 5 });
    expect(second.refundId).not.toBe(first.refundId);
    await control(bitpay.sandbox, `refunds/${second.refundId}/status`, { status: 'success' });
    await s.adapter.refresh(id);
    await eventually(() => s.events.find((e) => e.invoice.refund?.status === 'success'));

    // Each refund's pending is heard once (a hook deduplicating on the key would have dropped the second one);
    // the first refund keeps the keys it always had, the second one's carry its id.
    expect(refundKeys()).toEqual([
      `${id}:refund:pending`,
      `${id}:refund:failure`,
      `${id}:refund:${second.refundId}:pending`,
      `${id}:refund:${second.refundId}:success`,
    ]);
    expect(s.events.filter((e) => e.invoice.refund?.status === 'pending')).toHaveLength(2);
    expect(await s.adapter.store.outboxBacklog()).toBe(0);
    // The refund's id stays out of the public view (an allow-list).
    const view = await (await fetch(`${s.base}/bitpay/invoices/${id}`)).json();
    expect(view.refund).toEqual({ status: 'success', amount: '5.00', currency: 'USD' });
    expect(JSON.stringify(view)).not.toContain(second.refundId);
    expect(JSON.stringify(view)).not.toContain(first.refundId);
    expect(JSON.stringify(s.events.at(-1)!.invoice)).not.toContain(first.refundId);
  });

  it.skipIf(!available)(
    'tells a second refund apart on a record stored before the first refund’s id was kept',
    async () => {
      const s = await bitpay.shop({ store: store() });
      const id = await paidInvoice(s, 'RF2');
      const first = await s.adapter.refund('RF2', { amount: 5 });
      await control(bitpay.sandbox, `refunds/${first.refundId}/status`, { status: 'failure' });
      await s.adapter.refresh(id);
      await eventually(() => s.events.find((e) => e.invoice.refund?.status === 'failure'));
      // The record as an earlier version stored it: the refund's id, its state, nothing else about refunds.
      const stored = (await s.adapter.store.getInvoice(id))!;
      const { firstRefundId, ...oldView } = stored.view;
      expect(firstRefundId).toBe(first.refundId);
      expect(
        await s.adapter.store.updateInvoice({ ...stored, view: oldView, seq: stored.seq + 1 }, stored.seq, []),
      ).toBe(true);

      const second = await s.adapter.refund('RF2', { amount: 5 });
      const pending = await eventually(() =>
        s.events.find((e) => e.idempotencyKey === `${id}:refund:${second.refundId}:pending`),
      );
      expect(pending.invoice.refund).toEqual({ status: 'pending', amount: '5.00', currency: 'USD' });
    },
  );
});
