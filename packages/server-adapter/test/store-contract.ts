import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InvoiceRecord, OutboxEntry, Store } from '../src/store/types.js';
import type { InvoiceStatus, StoredView } from '../src/view/types.js';

export interface StoreFactory {
  /** A store over fresh, empty state. */
  create(): Promise<Store>;
  /** A second store over the same state as the last `create()` (a restart, or another instance). */
  reopen?(): Promise<Store>;
  cleanup?(): Promise<void>;
}

function view(id: string, orderId: string, status: InvoiceStatus): StoredView {
  return {
    id,
    orderId,
    status,
    exceptionStatus: false,
    price: 10,
    currency: 'USD',
    itemDesc: null,
    merchantName: null,
    invoiceTime: 1,
    expirationTime: 2,
    transactionSpeed: 'medium',
    targetConfirmations: 6,
    confirmations: 0,
    url: null,
    redirectURL: null,
    receiptUrl: null,
    paymentCurrencies: [],
    transactionCurrency: null,
    amountPaid: '0',
    amountDue: null,
    overpaidAmount: null,
    refund: null,
  };
}

export function record(id: string, orderId: string, guid: string, createdAt = 1000): InvoiceRecord {
  return {
    id,
    orderId,
    guid,
    facade: 'merchant',
    price: 10,
    currency: 'USD',
    status: 'new',
    exceptionStatus: false,
    confirmations: 0,
    seq: 1,
    view: view(id, orderId, 'new'),
    refundId: null,
    createdAt,
    updatedAt: createdAt,
  };
}

function advanced(r: InvoiceRecord, status: InvoiceStatus): InvoiceRecord {
  return { ...r, status, seq: r.seq + 1, view: { ...r.view, status }, updatedAt: r.updatedAt + 1 };
}

function entry(r: InvoiceRecord, status: InvoiceStatus): OutboxEntry {
  const key = `${r.id}:${status}`;
  return {
    key,
    invoiceId: r.id,
    event: {
      idempotencyKey: key,
      invoiceId: r.id,
      orderId: r.orderId,
      current: true,
      status,
      exceptionStatus: false,
      previousStatus: r.status,
      invoice: { ...r.view, status, serverTime: 5 },
    },
  };
}

function ipn(invoiceId: string, body: string | Buffer, signature: 'valid' | 'absent' = 'absent', receivedAt = 1) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return { invoiceId, body: bytes, bodyBytes: bytes.length, signature, receivedAt } as const;
}

async function createInvoice(store: Store, id: string, orderId: string, now = 1000): Promise<InvoiceRecord> {
  const guid = `g-${id}`;
  const claim = await store.claimOrder(orderId, guid, now, 30_000);
  expect(claim.won).toBe(true);
  const r = record(id, orderId, guid, now);
  expect(await store.completeClaim(r)).toBe(true);
  return r;
}

/** The behaviour every Store must have; run once per implementation. */
export function runStoreContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    const extra: Store[] = [];
    beforeEach(async () => {
      store = await factory.create();
      await store.init();
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await store.close();
      await factory.cleanup?.();
    });

    describe('invoices and order claims', () => {
      it('knows nothing at first', async () => {
        expect(await store.getInvoice('nope')).toBeNull();
        expect(await store.latestInvoiceForOrder('o1')).toBeNull();
        expect(await store.getClaim('o1')).toBeNull();
      });

      it('gives an order to one claimant and attaches the invoice it made', async () => {
        expect(await store.claimOrder('o1', 'g1', 1000, 30_000)).toEqual({ won: true, guid: 'g1', resumed: false });
        const lost = await store.claimOrder('o1', 'g2', 1001, 30_000);
        expect(lost.won).toBe(false);
        if (!lost.won) expect(lost.claim).toMatchObject({ guid: 'g1', invoiceId: null });
        expect(await store.completeClaim(record('inv1', 'o1', 'g1'))).toBe(true);
        expect((await store.getClaim('o1'))?.invoiceId).toBe('inv1');
        expect((await store.latestInvoiceForOrder('o1'))?.id).toBe('inv1');
        expect(await store.getInvoice('inv1')).toEqual(record('inv1', 'o1', 'g1'));
      });

      it('adopts an invoice it did not create once, without an order claim, keeping the first copy', async () => {
        const adopted = { ...record('ext1', '', ''), price: 12 };
        expect(await store.adoptInvoice(adopted)).toEqual(adopted);
        expect(await store.adoptInvoice({ ...adopted, seq: 9, price: 99 })).toEqual(adopted);
        expect(await store.getInvoice('ext1')).toEqual(adopted);
        expect(await store.getClaim('')).toBeNull();
        expect(await store.unfinishedClaims(10)).toEqual([]);
      });

      it('gives exactly one of many concurrent claimants the order', async () => {
        const results = await Promise.all(
          Array.from({ length: 25 }, (_, i) => store.claimOrder('race', `g${i}`, 1000, 30_000)),
        );
        expect(results.filter((r) => r.won)).toHaveLength(1);
      });

      it('keeps the guid of a claim whose lease ran out without an invoice, for the next attempt', async () => {
        await store.claimOrder('o1', 'g1', 1000, 10);
        expect(await store.claimOrder('o1', 'g2', 1005, 30_000)).toMatchObject({ won: false });
        expect(await store.claimOrder('o1', 'g2', 2000, 30_000)).toEqual({ won: true, guid: 'g1', resumed: true });
        expect((await store.getClaim('o1'))?.leaseUntil).toBe(32_000);
        // The earlier attempt's invoice (same guid) can still be attached: it is the one BitPay made.
        expect(await store.completeClaim(record('first', 'o1', 'g1'))).toBe(true);
        expect((await store.getClaim('o1'))?.invoiceId).toBe('first');
      });

      it('refuses to complete a claim under another guid, or a second invoice over an attached one', async () => {
        await store.claimOrder('o1', 'g1', 1000, 30_000);
        expect(await store.completeClaim(record('stranger', 'o1', 'g-other'))).toBe(false);
        expect(await store.getInvoice('stranger')).toBeNull();
        expect(await store.completeClaim(record('inv1', 'o1', 'g1'))).toBe(true);
        expect(await store.completeClaim(record('inv1', 'o1', 'g1'))).toBe(true);
        expect(await store.completeClaim(record('dup', 'o1', 'g1'))).toBe(false);
        expect(await store.getInvoice('dup')).toBeNull();
        expect((await store.getClaim('o1'))?.invoiceId).toBe('inv1');
      });

      it('lists claims without an invoice, for recovery at start-up', async () => {
        await store.claimOrder('o1', 'g1', 1000, 5000);
        await store.claimOrder('o2', 'g2', 1000, 1000);
        await createInvoice(store, 'inv3', 'o3');
        expect(await store.unfinishedClaims(10)).toEqual([
          { orderId: 'o2', guid: 'g2', invoiceId: null, leaseUntil: 2000 },
          { orderId: 'o1', guid: 'g1', invoiceId: null, leaseUntil: 6000 },
        ]);
        expect(await store.unfinishedClaims(1)).toHaveLength(1);
      });

      it('lists expired and invalid invoices changed since a time, for late-payment checks', async () => {
        const a = await createInvoice(store, 'inv1', 'o1');
        const b = await createInvoice(store, 'inv2', 'o2');
        await createInvoice(store, 'inv3', 'o3');
        expect(await store.monitoredInvoices(0, 10)).toEqual([]);
        expect(await store.updateInvoice({ ...advanced(a, 'expired'), updatedAt: 5000 }, a.seq, [])).toBe(true);
        expect(await store.updateInvoice({ ...advanced(b, 'invalid'), updatedAt: 7000 }, b.seq, [])).toBe(true);
        expect(await store.monitoredInvoices(0, 10)).toEqual(['inv2', 'inv1']);
        expect(await store.monitoredInvoices(6000, 10)).toEqual(['inv2']);
        expect(await store.monitoredInvoices(0, 1)).toEqual(['inv2']);
      });

      it('keeps an open invoice and frees the order once it expired', async () => {
        const r = await createInvoice(store, 'inv1', 'o1');
        expect((await store.claimOrder('o1', 'g-next', 999_999, 30_000)).won).toBe(false);
        expect(await store.updateInvoice(advanced(r, 'expired'), r.seq, [])).toBe(true);
        expect(await store.claimOrder('o1', 'g-next', 2000, 30_000)).toEqual({
          won: true,
          guid: 'g-next',
          resumed: false,
        });
        expect(await store.completeClaim(record('inv2', 'o1', 'g-next', 2000))).toBe(true);
        expect((await store.latestInvoiceForOrder('o1'))?.id).toBe('inv2');
      });

      it('ends the lease of a failed creation at once, keeping its guid; forgets it only when asked', async () => {
        await store.claimOrder('o1', 'g1', 1000, 30_000);
        await store.releaseClaim('o1', 'g1');
        expect(await store.claimOrder('o1', 'g2', 1001, 30_000)).toEqual({ won: true, guid: 'g1', resumed: true });
        await store.releaseClaim('o1', 'g1', true);
        expect(await store.getClaim('o1')).toBeNull();
        expect(await store.claimOrder('o1', 'g3', 1002, 30_000)).toEqual({ won: true, guid: 'g3', resumed: false });
      });
    });

    describe('updates', () => {
      it('writes only over the expected seq, queues outbox entries once, and announces the change', async () => {
        const r = await createInvoice(store, 'inv1', 'o1');
        const heard: [string, number][] = [];
        const off = store.subscribe((id, seq) => heard.push([id, seq]));
        const paid = advanced(r, 'paid');
        expect(await store.updateInvoice(paid, r.seq, [entry(r, 'paid')])).toBe(true);
        expect(await store.updateInvoice(advanced(r, 'expired'), r.seq, [entry(r, 'expired')])).toBe(false);
        expect((await store.getInvoice('inv1'))?.status).toBe('paid');
        // The same key again (a replay) does not queue a second delivery.
        const again = { ...advanced(paid, 'paid') };
        expect(await store.updateInvoice(again, paid.seq, [entry(r, 'paid')])).toBe(true);
        expect(await store.outboxBacklog()).toBe(1);
        await expect
          .poll(() => heard)
          .toEqual([
            ['inv1', 2],
            ['inv1', 3],
          ]);
        off();
      });

      it('lets one caller per interval refresh an invoice', async () => {
        await createInvoice(store, 'inv1', 'o1');
        const first = await Promise.all([1, 2, 3].map(() => store.tryLeasePoll('inv1', 10_000, 5000)));
        expect(first.filter(Boolean)).toHaveLength(1);
        expect(await store.tryLeasePoll('inv1', 12_000, 5000)).toBe(false);
        expect(await store.tryLeasePoll('inv1', 15_000, 5000)).toBe(true);
        expect(await store.tryLeasePoll('unknown', 15_000, 5000)).toBe(false);
      });
    });

    describe('IPN journal', () => {
      it('keeps IPNs pending, in order, until finished, and then keeps nothing', async () => {
        const a = await store.recordIpn(ipn('inv1', '{"a":1}', 'valid', 1));
        const b = await store.recordIpn(ipn('inv2', '{"b":2}', 'absent', 2));
        expect((await store.pendingIpns(10)).map((i) => i.id)).toEqual([a, b]);
        expect((await store.pendingIpns(10))[1]).toEqual({
          id: b,
          invoiceId: 'inv2',
          body: Buffer.from('{"b":2}'),
          bodyBytes: 7,
          signature: 'absent',
          receivedAt: 2,
          hits: 1,
        });
        await store.finishIpn(a, 'applied', 3);
        expect((await store.pendingIpns(10)).map((i) => i.id)).toEqual([b]);
        await store.finishIpn(b, 'unchanged', 3);
        expect(await store.pendingIpns(10)).toEqual([]);
      });

      it('keeps one entry per invoice; finishing an older id leaves the newer IPN pending', async () => {
        const first = await store.recordIpn(ipn('inv1', '{"n":1}', 'absent', 1));
        const second = await store.recordIpn(ipn('inv1', '{"n":2}', 'absent', 2));
        expect(second).toBeGreaterThan(first);
        const pending = await store.pendingIpns(10);
        expect(pending).toHaveLength(1);
        expect(pending[0]).toMatchObject({ id: second, body: Buffer.from('{"n":2}'), receivedAt: 2, hits: 2 });
        // The read that covered the first IPN started before the second arrived: the entry stays.
        await store.finishIpn(first, 'applied', 3);
        expect((await store.pendingIpns(10)).map((i) => i.id)).toEqual([second]);
        await store.finishIpn(second, 'applied', 4);
        expect(await store.pendingIpns(10)).toEqual([]);
        // A new IPN after the prune starts a fresh entry with a new id.
        const third = await store.recordIpn(ipn('inv1', '{"n":3}', 'absent', 5));
        expect(third).toBeGreaterThan(second);
        expect(await store.pendingIpns(10)).toMatchObject([{ id: third, hits: 1 }]);
      });

      it('keeps raw bytes as bytes, and a signed body over later unsigned ones', async () => {
        const latin1 = Buffer.concat([
          Buffer.from('{"id":"inv1","buyer":"'),
          Buffer.from([0xe9, 0xff, 0x00, 0xc3]),
          Buffer.from('"}'),
        ]);
        await store.recordIpn({ ...ipn('inv1', latin1, 'valid', 1), bodyBytes: 300_000 });
        await store.recordIpn(ipn('inv1', 'unsigned hint', 'absent', 2));
        const [entry] = await store.pendingIpns(10);
        expect(entry!.body.equals(latin1)).toBe(true);
        expect(entry).toMatchObject({ signature: 'valid', bodyBytes: 300_000, receivedAt: 2, hits: 2 });
        await store.recordIpn(ipn('inv2', 'unsigned', 'absent', 3));
        await store.recordIpn(ipn('inv2', 'signed', 'valid', 4));
        expect((await store.pendingIpns(10))[1]).toMatchObject({ body: Buffer.from('signed'), signature: 'valid' });
      });

      it('lists only entries last recorded before a time when asked', async () => {
        await store.recordIpn(ipn('old', '{}', 'absent', 1000));
        await store.recordIpn(ipn('fresh', '{}', 'absent', 5000));
        expect((await store.pendingIpns(10, 5000)).map((i) => i.invoiceId)).toEqual(['old']);
        expect((await store.pendingIpns(10)).map((i) => i.invoiceId)).toEqual(['old', 'fresh']);
      });
    });

    describe('outbox', () => {
      async function queued(): Promise<InvoiceRecord> {
        const r = await createInvoice(store, 'inv1', 'o1');
        const paid = advanced(r, 'paid');
        await store.updateInvoice(paid, r.seq, [entry(r, 'paid')]);
        await store.updateInvoice(advanced(paid, 'confirmed'), paid.seq, [entry(paid, 'confirmed')]);
        return r;
      }

      it('hands out one invoice’s entries in order, and each to one taker until its lease ends', async () => {
        await queued();
        const first = await store.claimOutbox(1000, 30_000, 10);
        expect(first.map((e) => e.key)).toEqual(['inv1:paid']);
        expect(first[0]?.event.status).toBe('paid');
        expect(await store.claimOutbox(1001, 30_000, 10)).toEqual([]);
        // The lease ran out without a result: someone else may take it.
        expect((await store.claimOutbox(31_001, 30_000, 10)).map((e) => e.key)).toEqual(['inv1:paid']);
        await store.outboxDelivered(first[0]!.id, 31_002);
        expect((await store.claimOutbox(31_003, 30_000, 10)).map((e) => e.key)).toEqual(['inv1:confirmed']);
      });

      it('retries a failed entry no earlier than asked', async () => {
        await queued();
        const [e] = await store.claimOutbox(1000, 30_000, 10);
        await store.outboxRetry(e!.id, 1, 5000, 'hook threw');
        expect(await store.claimOutbox(4999, 30_000, 10)).toEqual([]);
        const again = await store.claimOutbox(5000, 30_000, 10);
        expect(again.map((x) => [x.key, x.attempts])).toEqual([['inv1:paid', 1]]);
        expect(await store.outboxBacklog()).toBe(2);
      });

      it('gives concurrent takers disjoint entries', async () => {
        for (let i = 0; i < 6; i++) {
          const r = await createInvoice(store, `i${i}`, `o${i}`);
          await store.updateInvoice(advanced(r, 'paid'), r.seq, [entry(r, 'paid')]);
        }
        const batches = await Promise.all([1, 2, 3].map(() => store.claimOutbox(1000, 30_000, 4)));
        const keys = batches.flat().map((e) => e.key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys).toHaveLength(6);
      });
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      describe('durability', () => {
        it('finds invoices, pending IPNs and the outbox again after a restart', async () => {
          const r = await createInvoice(store, 'inv1', 'o1');
          await store.updateInvoice(advanced(r, 'paid'), r.seq, [entry(r, 'paid')]);
          const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
          const id = await store.recordIpn(ipn('inv1', bytes));
          await store.claimOrder('o2', 'g2', 1000, 30_000);
          await store.close();
          store = await reopen();
          await store.init();
          expect((await store.getInvoice('inv1'))?.status).toBe('paid');
          expect((await store.pendingIpns(10)).map((i) => [i.id, i.body.toString('hex')])).toEqual([[id, '7bfffe7d']]);
          expect((await store.unfinishedClaims(10)).map((c) => c.guid)).toEqual(['g2']);
          // Ids keep growing across a restart: an old finish never deletes a newer entry.
          expect(await store.recordIpn(ipn('inv1', '{}'))).toBeGreaterThan(id);
          expect((await store.claimOutbox(1000, 30_000, 10)).map((e) => e.key)).toEqual(['inv1:paid']);
        });

        it('announces a change made through one instance to another', async () => {
          const other = await reopen();
          extra.push(other);
          await other.init();
          const r = await createInvoice(store, 'inv1', 'o1');
          const heard: string[] = [];
          other.subscribe((id, seq) => heard.push(`${id}:${seq}`));
          await store.updateInvoice(advanced(r, 'paid'), r.seq, []);
          if (store.kind === 'postgres') await expect.poll(() => heard, { timeout: 5000 }).toEqual(['inv1:2']);
          expect((await other.getInvoice('inv1'))?.status).toBe('paid');
        });
      });
    }
  });
}
