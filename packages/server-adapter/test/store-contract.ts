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
      status,
      exceptionStatus: false,
      previousStatus: r.status,
      invoice: { ...r.view, status, serverTime: 5 },
    },
  };
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
        expect(await store.claimOrder('o1', 'g1', 1000, 30_000)).toEqual({ won: true });
        const lost = await store.claimOrder('o1', 'g2', 1001, 30_000);
        expect(lost.won).toBe(false);
        if (!lost.won) expect(lost.claim).toMatchObject({ guid: 'g1', invoiceId: null });
        expect(await store.completeClaim(record('inv1', 'o1', 'g1'))).toBe(true);
        expect((await store.getClaim('o1'))?.invoiceId).toBe('inv1');
        expect((await store.latestInvoiceForOrder('o1'))?.id).toBe('inv1');
        expect(await store.getInvoice('inv1')).toEqual(record('inv1', 'o1', 'g1'));
      });

      it('gives exactly one of many concurrent claimants the order', async () => {
        const results = await Promise.all(
          Array.from({ length: 25 }, (_, i) => store.claimOrder('race', `g${i}`, 1000, 30_000)),
        );
        expect(results.filter((r) => r.won)).toHaveLength(1);
      });

      it('refuses to complete a claim the caller no longer holds', async () => {
        await store.claimOrder('o1', 'g1', 1000, 10);
        expect(await store.claimOrder('o1', 'g2', 2000, 30_000)).toEqual({ won: true });
        expect(await store.completeClaim(record('late', 'o1', 'g1'))).toBe(false);
        expect(await store.getInvoice('late')).toBeNull();
      });

      it('keeps an open invoice and frees the order once it expired', async () => {
        const r = await createInvoice(store, 'inv1', 'o1');
        expect((await store.claimOrder('o1', 'g-next', 999_999, 30_000)).won).toBe(false);
        expect(await store.updateInvoice(advanced(r, 'expired'), r.seq, [])).toBe(true);
        expect(await store.claimOrder('o1', 'g-next', 2000, 30_000)).toEqual({ won: true });
        expect(await store.completeClaim(record('inv2', 'o1', 'g-next', 2000))).toBe(true);
        expect((await store.latestInvoiceForOrder('o1'))?.id).toBe('inv2');
      });

      it('releases a claim whose creation failed', async () => {
        await store.claimOrder('o1', 'g1', 1000, 30_000);
        await store.releaseClaim('o1', 'g1');
        expect(await store.claimOrder('o1', 'g2', 1001, 30_000)).toEqual({ won: true });
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
      it('keeps IPNs pending, in order, until finished', async () => {
        const a = await store.recordIpn({ invoiceId: 'inv1', body: '{"a":1}', signature: 'valid', receivedAt: 1 });
        const b = await store.recordIpn({ invoiceId: 'inv2', body: '{"b":2}', signature: 'absent', receivedAt: 2 });
        expect((await store.pendingIpns(10)).map((i) => i.id)).toEqual([a, b]);
        expect((await store.pendingIpns(10))[1]).toEqual({
          id: b,
          invoiceId: 'inv2',
          body: '{"b":2}',
          signature: 'absent',
          receivedAt: 2,
        });
        await store.finishIpn(a, 'applied', 3);
        expect((await store.pendingIpns(10)).map((i) => i.id)).toEqual([b]);
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
          const ipn = await store.recordIpn({ invoiceId: 'inv1', body: '{}', signature: 'absent', receivedAt: 1 });
          await store.close();
          store = await reopen();
          await store.init();
          expect((await store.getInvoice('inv1'))?.status).toBe('paid');
          expect((await store.pendingIpns(10)).map((i) => i.id)).toEqual([ipn]);
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
