import { Agent, get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { signIpn } from '../src/ipn/signature.js';
import { control, eventually, postJson, readEvents } from './harness.js';
import { useBitPay } from './hooks.js';

const bitpay = useBitPay();
let invoiceReads = 0;
let inFlight = 0;
let maxInFlight = 0;
const counting: typeof fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  if ((init?.method ?? 'GET') !== 'GET' || !/\/invoices\/[A-Za-z0-9]+\?/.test(url)) return fetch(input, init);
  invoiceReads++;
  maxInFlight = Math.max(maxInFlight, ++inFlight);
  try {
    return await fetch(input, init);
  } finally {
    inFlight--;
  }
};

async function shopWithInvoice(orderId: string, extra: Parameters<typeof bitpay.shop>[0] = {}) {
  const s = await bitpay.shop({ fetch: counting, ...extra });
  s.orders.set(orderId, { price: 15, currency: 'USD' });
  const created = await postJson(`${s.base}/bitpay/invoices`, { orderId });
  return { shop: s, id: created.json.id as string };
}

describe('IPN intake', () => {
  it('keeps one BitPay read in flight per invoice however many IPNs arrive at once', async () => {
    const { shop, id } = await shopWithInvoice('burst');
    await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'full', currency: 'BTC' });
    const body = JSON.stringify({ event: { code: 1003, name: 'invoice_paidInFull' }, data: { id } });
    await shop.adapter.idle();
    invoiceReads = 0;
    maxInFlight = 0;
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${shop.base}/bitpay/ipn`, {
          method: 'POST',
          body,
          headers: { 'x-signature': signIpn(body, bitpay.creds.merchant) },
        }).then((r) => r.status),
      ),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    await shop.adapter.idle();
    // Never two reads of one invoice at once; IPNs arriving during a read share the one queued after it.
    expect(maxInFlight).toBe(1);
    expect(invoiceReads).toBeGreaterThanOrEqual(1);
    expect(await shop.adapter.store.pendingIpns(100)).toEqual([]);
    expect((await shop.adapter.store.getInvoice(id))?.status).toBe('paid');
  });

  it('ignores a fetched invoice that does not match the order it was made for', async () => {
    const { shop, id } = await shopWithInvoice('mismatch');
    // As if the order had been changed underneath: the stored order says 99, BitPay's invoice says 15.
    const record = (await shop.adapter.store.getInvoice(id))!;
    await shop.adapter.store.updateInvoice({ ...record, price: 99, seq: record.seq + 1 }, record.seq, []);
    await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'full', currency: 'BTC' });
    await eventually(() => bitpay.sandbox.ipns().find((d) => d.invoiceId === id && d.outcome === 'delivered'));
    await shop.adapter.idle();
    expect((await shop.adapter.store.getInvoice(id))?.status).toBe('new');
    expect(shop.events).toEqual([]);
    expect(shop.logger.lines.some((l) => l.includes('does not match order mismatch'))).toBe(true);
    expect(await shop.adapter.store.pendingIpns(10)).toEqual([]);
  });
});

describe('refresh of watched invoices', () => {
  it('polls once per interval for many watchers in one process, and stops when they leave', async () => {
    const { shop, id } = await shopWithInvoice('watched', { refreshIntervalMs: 200 });
    const stop = new AbortController();
    const streams = Array.from({ length: 20 }, () =>
      readEvents(`${shop.base}/bitpay/invoices/${id}/events`, { signal: stop.signal }),
    );
    invoiceReads = 0;
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 1500));
    const elapsed = Date.now() - started;
    const whileWatched = invoiceReads;
    stop.abort();
    await Promise.all(streams);
    await eventually(async () => ((await fetch(`${shop.base}/bitpay/healthz`)).ok ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    const afterLeaving = invoiceReads;
    await new Promise((r) => setTimeout(r, 800));
    expect(whileWatched).toBeGreaterThanOrEqual(1);
    expect(whileWatched).toBeLessThanOrEqual(Math.floor(elapsed / 200) + 2);
    expect(invoiceReads).toBe(afterLeaving);
  });

  it('leaves nothing watching after 1,000 streams connect and disconnect', async () => {
    const { shop, id } = await shopWithInvoice('churn', { refreshIntervalMs: 100 });
    const url = `${shop.base}/bitpay/invoices/${id}/events`;
    const agent = new Agent({ keepAlive: false, maxSockets: 100 });
    // Shoppers leave at every moment: before the answer, once the head arrives, after the first event.
    const cycle = (i: number) =>
      new Promise<void>((resolve) => {
        const req = get(url, { agent }, (res) => {
          if (i % 3 === 1) return req.destroy();
          res.once('data', () => req.destroy());
        });
        req.on('close', () => resolve());
        req.on('error', () => {});
        if (i % 3 === 0)
          req.once('socket', (socket) => socket.once('connect', () => setImmediate(() => req.destroy())));
      });
    for (let i = 0; i < 1000; i += 100) await Promise.all(Array.from({ length: 100 }, (_, k) => cycle(i + k)));
    agent.destroy();
    // Every stream is gone once polling stops: a watcher left behind would keep its invoice refreshed.
    await eventually(async () => {
      const before = invoiceReads;
      await new Promise((r) => setTimeout(r, 400));
      return invoiceReads === before ? true : undefined;
    });
    const quiet = invoiceReads;
    await new Promise((r) => setTimeout(r, 500));
    expect(invoiceReads).toBe(quiet);
    // And the invoice can still be watched: a new stream gets the view and brings polling back.
    const stop = new AbortController();
    const watched = readEvents(url, { signal: stop.signal, until: (e) => e.length >= 1 });
    expect((await watched).events[0]!.data.id).toBe(id);
    const again = readEvents(url, { signal: stop.signal });
    await eventually(() => (invoiceReads > quiet ? true : undefined));
    stop.abort();
    await again;
  });

  it('picks up a change BitPay never sent an IPN for', async () => {
    const { shop, id } = await shopWithInvoice('no-ipn', { refreshIntervalMs: 150, notificationURL: undefined });
    const stream = readEvents(`${shop.base}/bitpay/invoices/${id}/events`, {
      until: (events) => events.some((e) => e.data.status === 'paid'),
    });
    await eventually(() => shop.adapter.store.getInvoice(id));
    await control(bitpay.sandbox, `invoices/${id}/pay`, { amount: 'full', currency: 'BTC' });
    const { events } = await stream;
    expect(events.at(-1)!.data.status).toBe('paid');
  });
});
