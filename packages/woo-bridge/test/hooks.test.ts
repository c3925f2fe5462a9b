import type { StatusChangeEvent } from '@bitpay-checkout/server-adapter';
import { silentLogger } from '@bitpay-checkout/server-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { META } from '../src/orders/meta.js';
import { mintReference } from '../src/reference/reference.js';
import { wooCommerce } from '../src/woo-commerce.js';
import { type FakeOrder, type FakeWoo, startFakeWoo } from './fake-woo.js';

const SECRET = 'shared-secret-for-tests-0123456789abcdef';
let woo: FakeWoo;
beforeAll(async () => {
  woo = await startFakeWoo();
});
afterAll(() => woo.close());

const bridge = (over: Parameters<typeof wooCommerce>[0]['statusMap'] = {}) =>
  wooCommerce({
    url: woo.url,
    consumerKey: woo.consumerKey,
    consumerSecret: woo.consumerSecret,
    sharedSecret: SECRET,
    statusMap: over,
    logger: silentLogger,
  });

const refOf = (order: FakeOrder) => mintReference(SECRET, order.id, Math.floor(Date.now() / 1000) + 3600);

/** A status change as the adapter hands it over (its key format, its view fields). */
function event(
  order: FakeOrder,
  invoiceId: string,
  status: StatusChangeEvent['status'],
  extra: {
    exception?: StatusChangeEvent['exceptionStatus'];
    invoiceTime?: number;
    refund?: object;
    /** A refund made again after a failed one: the adapter's key then names it. */
    refundId?: string;
    ref?: string;
  } = {},
): StatusChangeEvent {
  const exceptionStatus = extra.exception ?? false;
  const refund = (extra.refund ?? null) as StatusChangeEvent['invoice']['refund'];
  const key = refund
    ? `${invoiceId}:refund:${extra.refundId ? `${extra.refundId}:` : ''}${(refund as { status: string }).status}`
    : exceptionStatus === false
      ? `${invoiceId}:${status}`
      : `${invoiceId}:${status}:${exceptionStatus}`;
  // Built as the adapter builds it; the bridge decides "current" from the order's own meta, not from the event.
  return {
    idempotencyKey: key,
    invoiceId,
    orderId: extra.ref ?? refOf(order),
    status,
    exceptionStatus,
    previousStatus: 'new',
    invoice: {
      id: invoiceId,
      status,
      exceptionStatus,
      price: Number(order.total),
      currency: order.currency,
      invoiceTime: extra.invoiceTime ?? 1_000,
      transactionCurrency: 'BTC',
      amountPaid: '0.0004',
      amountDue: exceptionStatus === 'paidPartial' ? '0.0002' : null,
      overpaidAmount: null,
      refund,
    } as unknown as StatusChangeEvent['invoice'],
  } as StatusChangeEvent;
}

function withInvoice(order: FakeOrder, invoiceId: string, invoiceTime = 1_000): FakeOrder {
  order.meta_data.push(
    { id: 9000 + order.id, key: META.invoiceId, value: invoiceId },
    { id: 9500 + order.id, key: META.invoiceTime, value: String(invoiceTime) },
  );
  return order;
}

const bridgeNotes = (o: FakeOrder) => o.notes.filter((n) => n.added_by_user).map((n) => n.note);

describe('onStatusChange against WooCommerce', () => {
  it('paid → on-hold with a note; confirmed → payment complete with the invoice id as transaction id', async () => {
    const b = bridge();
    const order = withInvoice(woo.addOrder(), 'InvA');
    await b.onStatusChange(event(order, 'InvA', 'paid'));
    expect(order.status).toBe('on-hold');
    expect(bridgeNotes(order)).toEqual([expect.stringMatching(/InvA: payment received .* awaiting confirmation/)]);
    await b.onStatusChange(event(order, 'InvA', 'confirmed'));
    expect(order.status).toBe('processing');
    expect(order.transaction_id).toBe('InvA');
    await b.onStatusChange(event(order, 'InvA', 'complete'));
    expect(order.status).toBe('processing');
    expect(bridgeNotes(order)).toHaveLength(3);
  });

  it('is idempotent on the event key: a repeated delivery adds nothing', async () => {
    const b = bridge();
    const order = withInvoice(woo.addOrder(), 'InvB');
    const e = event(order, 'InvB', 'paid');
    await b.onStatusChange(e);
    await b.onStatusChange(e);
    await bridge().onStatusChange(e); // another bridge process: the key is kept on the order
    expect(bridgeNotes(order)).toHaveLength(1);
    expect(JSON.parse(woo.meta(order, META.handled)!)).toEqual(['InvB:paid']);
  });

  it('never moves an order backwards or out of a final state', async () => {
    const b = bridge();
    const order = withInvoice(woo.addOrder({ status: 'processing' }), 'InvC');
    await b.onStatusChange(event(order, 'InvC', 'paid'));
    expect(order.status).toBe('processing');
    const done = withInvoice(woo.addOrder({ status: 'completed' }), 'InvD');
    await b.onStatusChange(event(done, 'InvD', 'declined'));
    expect(done.status).toBe('completed');
    expect(bridgeNotes(done)[0]).toMatch(/declined\. The order stays completed \(it is final\)/);
  });

  it('events about a superseded invoice never change the order', async () => {
    const b = bridge();
    // InvOld expired, the shopper started InvNew (newer), which was paid; then InvOld receives a late payment.
    const order = withInvoice(woo.addOrder(), 'InvOld', 1_000);
    await b.onStatusChange(event(order, 'InvNew', 'paid', { invoiceTime: 2_000 }));
    expect(order.status).toBe('on-hold');
    expect(woo.meta(order, META.invoiceId)).toBe('InvNew');
    expect(JSON.parse(woo.meta(order, META.superseded)!)).toEqual(['InvOld']);
    await b.onStatusChange(event(order, 'InvOld', 'expired', { exception: 'paidPartial', invoiceTime: 1_000 }));
    await b.onStatusChange(event(order, 'InvOld', 'declined', { invoiceTime: 1_000 }));
    expect(order.status).toBe('on-hold');
    expect(bridgeNotes(order).slice(1)).toEqual([
      expect.stringMatching(
        /InvOld expired with a partial payment.*replaced by a newer one, so the order is unchanged/,
      ),
      expect.stringMatching(/InvOld was declined\. This invoice was replaced/),
    ]);
    await b.onStatusChange(event(order, 'InvNew', 'confirmed', { invoiceTime: 2_000 }));
    expect(order.status).toBe('processing');
    expect(order.transaction_id).toBe('InvNew');
  });

  it('an older invoice than the current one is superseded even when never recorded', async () => {
    const order = withInvoice(woo.addOrder(), 'InvCur', 5_000);
    await bridge().onStatusChange(event(order, 'InvStale', 'confirmed', { invoiceTime: 4_000 }));
    expect(order.status).toBe('pending');
  });

  it('expired unpaid leaves the order pending, or cancels it when configured; expired partly paid → on-hold', async () => {
    const a = withInvoice(woo.addOrder(), 'InvE1');
    await bridge().onStatusChange(event(a, 'InvE1', 'expired'));
    expect(a.status).toBe('pending');
    expect(bridgeNotes(a)[0]).toMatch(/expired unpaid; the order stays pending/);
    const b = withInvoice(woo.addOrder(), 'InvE2');
    await bridge({ expired: 'cancelled' }).onStatusChange(event(b, 'InvE2', 'expired'));
    expect(b.status).toBe('cancelled');
    const c = withInvoice(woo.addOrder(), 'InvE3');
    await bridge().onStatusChange(event(c, 'InvE3', 'expired', { exception: 'paidOver' }));
    expect(c.status).toBe('on-hold');
    expect(bridgeNotes(c)[0]).toMatch(/BitPay refunds the buyer/);
  });

  it('a full refund that succeeds moves a processing order to refunded; a partial one only notes it', async () => {
    const full = withInvoice(woo.addOrder({ status: 'processing' }), 'InvR1');
    await bridge().onStatusChange(
      event(full, 'InvR1', 'complete', { refund: { status: 'success', amount: '25.50', currency: 'USD' } }),
    );
    expect(full.status).toBe('refunded');
    const part = withInvoice(woo.addOrder({ status: 'processing' }), 'InvR2');
    await bridge().onStatusChange(
      event(part, 'InvR2', 'complete', { refund: { status: 'success', amount: '5.00', currency: 'USD' } }),
    );
    expect(part.status).toBe('processing');
    expect(bridgeNotes(part)[0]).toBe('BitPay refunded 5.00 USD (invoice InvR2).');
  });

  it('a refund made again after a failed one is still a refund (its key names the new refund)', async () => {
    const order = withInvoice(woo.addOrder({ status: 'processing' }), 'InvR3');
    const failed = { status: 'failure', amount: '25.50', currency: 'USD' };
    await bridge().onStatusChange(event(order, 'InvR3', 'complete', { refund: failed }));
    expect(order.status).toBe('processing');
    const again = { status: 'success', amount: '25.50', currency: 'USD' };
    await bridge().onStatusChange(event(order, 'InvR3', 'complete', { refund: again, refundId: 'RefB' }));
    expect(order.status).toBe('refunded');
    expect(bridgeNotes(order).at(-1)).toBe('BitPay refunded 25.50 USD (invoice InvR3).');
  });

  it('ignores events whose reference is not this shop’s, and orders paid another way', async () => {
    const order = withInvoice(woo.addOrder(), 'InvX');
    const forged = mintReference('someone-else-secret-0123456789abcdef', order.id, 9_999_999_999);
    await bridge().onStatusChange(event(order, 'InvX', 'confirmed', { ref: forged }));
    expect(order.status).toBe('pending');
    expect(order.notes).toHaveLength(0);
    const other = withInvoice(woo.addOrder({ payment_method: 'cod' }), 'InvY');
    await bridge().onStatusChange(event(other, 'InvY', 'confirmed'));
    expect(other.status).toBe('pending');
  });

  it('throws when WooCommerce is down, so the adapter retries the event', async () => {
    const order = withInvoice(woo.addOrder(), 'InvZ');
    woo.failWith = 503;
    try {
      await expect(bridge().onStatusChange(event(order, 'InvZ', 'paid'))).rejects.toMatchObject({ code: 'WOO_ERROR' });
    } finally {
      woo.failWith = null;
    }
    await bridge().onStatusChange(event(order, 'InvZ', 'paid'));
    expect(order.status).toBe('on-hold');
  });
});

describe('resolveOrder', () => {
  const req = {} as Parameters<ReturnType<typeof bridge>['resolveOrder']>[1];

  it('gives WooCommerce’s total and currency for a signed reference of an unpaid BitPay order', async () => {
    const order = woo.addOrder({ total: '19.99', currency: 'EUR' });
    order.meta_data.push({ id: 1, key: META.returnUrl, value: 'http://shop.test/checkout/order-received/1/' });
    expect(await bridge().resolveOrder(refOf(order), req)).toEqual({
      price: 19.99,
      currency: 'EUR',
      itemDesc: `Order #${order.id}`,
      buyer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      redirectURL: 'http://shop.test/checkout/order-received/1/',
      receiptUrl: 'http://shop.test/checkout/order-received/1/',
      payable: true,
    });
  });

  it('knows no order for a tampered, expired or forged reference, nor for another gateway’s order', async () => {
    const order = woo.addOrder();
    const b = bridge();
    const ref = refOf(order);
    expect(await b.resolveOrder(`${ref.slice(0, -1)}${ref.endsWith('A') ? 'B' : 'A'}`, req)).toBeNull();
    expect(await b.resolveOrder(mintReference(SECRET, order.id, Math.floor(Date.now() / 1000) - 1), req)).toBeNull();
    const other = woo.addOrder();
    expect(await b.resolveOrder(ref.replace(`wc1.${order.id}.`, `wc1.${other.id}.`), req)).toBeNull();
    expect(await b.resolveOrder(refOf(woo.addOrder({ payment_method: 'bacs' })), req)).toBeNull();
    expect(await b.resolveOrder(mintReference(SECRET, 987_654, 9_999_999_999), req)).toBeNull();
  });

  it('says a paid or cancelled order is not payable', async () => {
    for (const status of ['on-hold', 'processing', 'cancelled']) {
      const order = woo.addOrder({ status });
      expect(await bridge().resolveOrder(refOf(order), req)).toMatchObject({ payable: false });
    }
  });
});
