import { describe, expect, it } from 'vitest';
import { AdapterError } from '../src/errors/errors.js';
import type { StatusChangeEvent } from '../src/store/types.js';
import { control, eventually, postJson, readEvents, type TestShop } from './harness.js';
import { useBitPay } from './hooks.js';

const bitpay = useBitPay();

async function paidInvoice(s: TestShop, orderId: string): Promise<string> {
  s.orders.set(orderId, { price: 20, currency: 'USD' });
  const created = await postJson(`${s.base}/bitpay/invoices`, { orderId });
  const id: string = created.json.id;
  await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'full', currency: 'BTC' });
  await eventually(async () => ((await s.adapter.store.getInvoice(id))?.status === 'paid' ? true : undefined));
  await control(bitpay.sandbox, `invoices/${id}/status`, { status: 'complete' });
  await eventually(async () => ((await s.adapter.store.getInvoice(id))?.status === 'complete' ? true : undefined));
  return id;
}

describe('adapter.refund', () => {
  it('refunds a paid order and shows the refund in the view, the stream and the hook', async () => {
    const s = await bitpay.shop({ refreshIntervalMs: 150 });
    const id = await paidInvoice(s, 'r1');
    const result = await s.adapter.refund('r1', { amount: 5 });
    expect(result).toMatchObject({ invoiceId: id, refund: { status: 'pending', amount: '5.00', currency: 'USD' } });
    const view = await (await fetch(`${s.base}/bitpay/invoices/${id}`)).json();
    expect(view.refund).toEqual({ status: 'pending', amount: '5.00', currency: 'USD' });
    // The stream stays open while the refund is pending and ends once it succeeded.
    const stream = readEvents(`${s.base}/bitpay/invoices/${id}/events`);
    await control(bitpay.sandbox, `refunds/${result.refundId}/status`, { status: 'success' });
    const { events, ended } = await stream;
    expect(ended).toBe(true);
    expect(events.at(-1)!.data.refund.status).toBe('success');
    await eventually(() => s.events.find((e) => e.idempotencyKey === `${id}:refund:success`));
    expect(s.events.map((e) => e.idempotencyKey)).toContain(`${id}:refund:pending`);
  });

  it('refuses what cannot be refunded, with codes', async () => {
    const s = await bitpay.shop();
    s.orders.set('unpaid', { price: 3, currency: 'USD' });
    await postJson(`${s.base}/bitpay/invoices`, { orderId: 'unpaid' });
    const codes = async (p: Promise<unknown>) => {
      const err = await p.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AdapterError);
      return (err as AdapterError).code;
    };
    expect(await codes(s.adapter.refund('unpaid'))).toBe('REFUND_NOT_ALLOWED');
    expect(await codes(s.adapter.refund('no-such-order'))).toBe('ORDER_NOT_FOUND');
    const id = await paidInvoice(s, 'r2');
    expect(id).toBeTruthy();
    expect(await codes(s.adapter.refund('r2', { amount: 999 }))).toBe('INVALID_REQUEST');
    await s.adapter.refund('r2');
    expect(await codes(s.adapter.refund('r2'))).toBe('REFUND_NOT_ALLOWED');
  });

  it('has no browser route', async () => {
    const s = await bitpay.shop();
    const res = await postJson(`${s.base}/bitpay/refunds`, { orderId: 'r1' });
    expect(res.status).toBe(404);
  });
});

describe('onStatusChange outbox', () => {
  it('retries a failing hook with backoff until it succeeds, keeping the order per invoice', async () => {
    let failures = 2;
    const calls: StatusChangeEvent[] = [];
    const s = await bitpay.shop({
      outbox: { baseDelayMs: 20, maxDelayMs: 100, pollIntervalMs: 20 },
      onStatusChange: (e) => {
        calls.push(e);
        if (failures-- > 0) throw new Error('merchant database is down');
      },
    });
    const id = await paidInvoice(s, 'h1');
    await eventually(() => calls.find((e) => e.status === 'complete'));
    const keys = calls.map((e) => e.idempotencyKey);
    // paid failed twice, was delivered on the third try, and complete only came after it.
    expect(keys.filter((k) => k === `${id}:paid`)).toHaveLength(3);
    expect(keys.indexOf(`${id}:complete`)).toBeGreaterThan(keys.lastIndexOf(`${id}:paid`));
    expect(await s.adapter.store.outboxBacklog()).toBe(0);
    expect(s.logger.lines.some((l) => l.includes('onStatusChange failed'))).toBe(true);
  });
});
