// The order's status as the store keeps it from the adapter's events: never backwards, never blank.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderBook, type PaymentEvent } from '../src/orders.js';
import {
  bitpayResendsIpn,
  control,
  type Demo,
  hooksDelivered,
  invoiceView,
  newOrder,
  openInvoice,
  orderState,
  startDemo,
  until,
} from './harness.js';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  await demo?.close();
});

/** Until the adapter has the invoice as `done` says: BitPay resends the invoice's IPN until it does. */
async function adapterSees(invoiceId: string, done: (v: Awaited<ReturnType<typeof invoiceView>>) => boolean) {
  return until(async () => {
    await bitpayResendsIpn(demo, invoiceId);
    await demo.store.adapter.idle();
    return invoiceView(demo, invoiceId);
  }, done);
}

/** The status line of the order page as the server renders it. */
async function statusLine(orderId: string): Promise<{ status: string; labels: Record<string, string>; text: string }> {
  const page = await (await fetch(`${demo.base}/orders/${orderId}`)).text();
  const m = /data-status="([^"]*)"\s+data-labels="([^"]*)"\s*>([^<]*)<\/p>/.exec(page);
  if (!m) throw new Error('no status line on the order page');
  const labels = JSON.parse(m[2]!.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&'));
  return { status: m[1]!, labels, text: m[3]!.trim() };
}

describe('an order paid on a replacement invoice', () => {
  it('stays paid when a late payment arrives on the invoice it replaced, and after any IPN naming that one', async () => {
    const orderId = await newOrder(demo);
    const a = await openInvoice(demo, orderId);
    await control(demo, 'clock', { advanceMs: 16 * 60_000 });
    await until(
      () => orderState(demo, orderId),
      (o) => o.status === 'expired',
    );

    expect((await openInvoice(demo, orderId)).id, 'a reload keeps showing the expired invoice').toBe(a.id);
    const b = await openInvoice(demo, orderId, a.id);
    expect(b.id, '"Start again" gets a replacement invoice after the expiry').not.toBe(a.id);
    await control(demo, `invoices/${b.id}/pay`, { amount: 'full', currency: 'BTC' });
    await until(
      () => orderState(demo, orderId),
      (o) => o.status === 'paid',
    );

    // The shopper's wallet sends a late partial payment to A; the adapter hears of it and tells the hook.
    await control(demo, `invoices/${a.id}/pay`, { amount: 'partial', currency: 'BTC' });
    await adapterSees(a.id, (v) => v.status === 'expired' && v.exceptionStatus === 'paidPartial');
    await hooksDelivered(demo);
    expect(await orderState(demo, orderId)).toMatchObject({ status: 'paid', invoiceId: b.id });
    expect((await statusLine(orderId)).text).toBe('Paid, waiting for confirmation');

    // B goes on to complete; more IPNs about A still change nothing.
    await control(demo, 'clock', { advanceMs: 70 * 60_000 });
    await until(
      () => orderState(demo, orderId),
      (o) => o.status === 'complete',
    );
    await bitpayResendsIpn(demo, a.id);
    await hooksDelivered(demo);
    expect(await orderState(demo, orderId)).toMatchObject({ status: 'complete', invoiceId: b.id });
  });
});

describe('a partly paid order', () => {
  it('has a status with words on the order page, not a blank line', async () => {
    const orderId = await newOrder(demo);
    const invoice = await openInvoice(demo, orderId);
    await control(demo, `invoices/${invoice.id}/pay`, { amount: 'partial', currency: 'BTC' });
    await adapterSees(invoice.id, (v) => v.exceptionStatus === 'paidPartial');
    await hooksDelivered(demo);

    expect((await orderState(demo, orderId)).status).toBe('partial');
    const line = await statusLine(orderId);
    expect(line.text).toBe('Partly paid, waiting for the rest');
    // Every status the order can take has a label, here and in the page script.
    expect(Object.keys(line.labels).sort()).toEqual(
      ['complete', 'confirmed', 'declined', 'expired', 'invalid', 'paid', 'partial', 'pending', 'refunded'].sort(),
    );

    // Paying the rest moves it on.
    await control(demo, `invoices/${invoice.id}/pay`, { amount: 'full', currency: 'BTC' });
    await until(
      () => orderState(demo, orderId),
      (o) => o.status === 'paid',
    );
  });
});

describe('the order book', () => {
  const T0 = 1_764_000_000_000;
  function event(over: Partial<PaymentEvent> & Pick<PaymentEvent, 'key'>): PaymentEvent {
    return { orderId: '', invoiceId: 'A', invoiceTime: T0, status: 'pending', refund: null, ...over };
  }

  it('applies each event once, only forward, only for the current invoice', () => {
    const book = new OrderBook(':memory:');
    const { id } = book.create([{ productId: 'tee', quantity: 1 }]);
    const e = (over: Partial<PaymentEvent> & Pick<PaymentEvent, 'key'>) =>
      book.applyEvent(event({ orderId: id, ...over }));

    expect(e({ key: 'A:expired', status: 'expired' })).toBe('applied');
    // B, made after A expired: it takes over.
    expect(e({ key: 'B:paid', invoiceId: 'B', invoiceTime: T0 + 1, status: 'paid' })).toBe('applied');
    expect(book.get(id)).toMatchObject({ status: 'paid', invoiceId: 'B' });
    // Late news of A: not the current invoice.
    expect(e({ key: 'A:expired:paidPartial', status: 'expired' })).toBe('not-current');
    // Reordered and repeated deliveries of B.
    expect(e({ key: 'B:complete', invoiceId: 'B', invoiceTime: T0 + 1, status: 'complete' })).toBe('applied');
    expect(e({ key: 'B:confirmed', invoiceId: 'B', invoiceTime: T0 + 1, status: 'confirmed' })).toBe('not-forward');
    expect(e({ key: 'B:complete', invoiceId: 'B', invoiceTime: T0 + 1, status: 'complete' })).toBe('duplicate');
    // A still newer invoice cannot take over a paid order.
    expect(e({ key: 'C:expired', invoiceId: 'C', invoiceTime: T0 + 2, status: 'expired' })).toBe('not-current');
    // A refund: pending, then success; a stale "pending" after it does nothing.
    const b = { invoiceId: 'B', invoiceTime: T0 + 1 } as const;
    expect(e({ key: 'B:refund:pending', ...b, status: 'complete', refund: 'pending' })).toBe('applied');
    expect(e({ key: 'B:refund:success', ...b, status: 'refunded', refund: 'success' })).toBe('applied');
    expect(e({ key: 'B:refund:pending:again', ...b, status: 'complete', refund: 'pending' })).toBe('not-forward');
    expect(book.get(id)).toMatchObject({ status: 'refunded', refund: 'success', invoiceId: 'B' });
    expect(book.applyEvent(event({ key: 'X:paid', orderId: 'nope', status: 'paid' }))).toBe('unknown-order');
    book.close();
  });

  it('opens an orders file of the first version of the demo', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-orders-'));
    try {
      const file = join(dir, 'orders.sqlite');
      const old = new Database(file);
      old.exec(`CREATE TABLE orders (id TEXT PRIMARY KEY, items TEXT NOT NULL, total_cents INTEGER NOT NULL,
        currency TEXT NOT NULL, status TEXT NOT NULL, invoice_id TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`);
      old
        .prepare('INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run('o1', '[]', 2500, 'USD', 'complete', 'A', T0, T0);
      // What the first version's hook wrote for a partial payment.
      old
        .prepare('INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run('o2', '[]', 2500, 'USD', 'new', 'B', T0, T0);
      old.close();
      const book = new OrderBook(file);
      expect(book.get('o1')).toMatchObject({ status: 'complete', invoiceId: 'A', refund: null });
      expect(book.get('o2')?.status).toBe('partial');
      expect(book.applyEvent(event({ key: 'A:paid', orderId: 'o1', status: 'paid' }))).toBe('not-forward');
      book.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
