import { EventEmitter } from 'node:events';
import { isReplaceable } from '../state/machine.js';
import type {
  ChangeListener,
  ClaimResult,
  InvoiceRecord,
  IpnOutcome,
  IpnRecord,
  OrderClaim,
  OutboxEntry,
  OutboxRow,
  Store,
} from './types.js';

interface OutboxSlot extends OutboxRow {
  nextAttemptAt: number;
  leaseUntil: number;
  deliveredAt: number | null;
  lastError: string | null;
}

export interface MemoryStoreOptions {
  /** Where the production warning goes; default console.warn. */
  warn?: (message: string) => void;
}

const clone = <T>(value: T): T => structuredClone(value);

/**
 * Keeps everything in this process: for tests and demos only. Nothing survives a restart and nothing
 * is shared with another instance, so it warns when NODE_ENV is "production".
 */
export function memoryStore(options: MemoryStoreOptions = {}): Store {
  if (process.env.NODE_ENV === 'production') {
    (options.warn ?? console.warn)(
      '[bitpay-checkout] memoryStore() in production: invoices, IPNs and the outbox are lost on restart. Use sqliteStore() or postgresStore().',
    );
  }
  const invoices = new Map<string, InvoiceRecord>();
  const claims = new Map<string, OrderClaim>();
  const polledAt = new Map<string, number>();
  /** One pending entry per invoice. */
  const ipns = new Map<string, IpnRecord>();
  const outbox = new Map<number, OutboxSlot>();
  const outboxKeys = new Set<string>();
  const events = new EventEmitter().setMaxListeners(0);
  let nextIpn = 1;
  let nextOutbox = 1;

  return {
    kind: 'memory',
    async init() {},
    async close() {
      events.removeAllListeners();
    },
    async getInvoice(id) {
      const r = invoices.get(id);
      return r ? clone(r) : null;
    },
    async latestInvoiceForOrder(orderId) {
      let latest: InvoiceRecord | null = null;
      for (const r of invoices.values()) {
        if (r.orderId === orderId && (latest === null || r.createdAt >= latest.createdAt)) latest = r;
      }
      return latest ? clone(latest) : null;
    },
    async claimOrder(orderId, guid, now, leaseMs): Promise<ClaimResult> {
      const claim = claims.get(orderId);
      const take = () => {
        claims.set(orderId, { orderId, guid, invoiceId: null, leaseUntil: now + leaseMs });
        return { won: true, guid, resumed: false } as const;
      };
      if (!claim) return take();
      if (claim.invoiceId === null) {
        if (claim.leaseUntil > now) return { won: false, claim: { ...claim } };
        claim.leaseUntil = now + leaseMs;
        return { won: true, guid: claim.guid, resumed: true };
      }
      const invoice = invoices.get(claim.invoiceId);
      if (invoice && isReplaceable(invoice.status)) return take();
      return { won: false, claim: { ...claim } };
    },
    async getClaim(orderId) {
      const c = claims.get(orderId);
      return c ? { ...c } : null;
    },
    async unfinishedClaims(limit) {
      return [...claims.values()]
        .filter((c) => c.invoiceId === null)
        .sort((a, b) => a.leaseUntil - b.leaseUntil)
        .slice(0, limit)
        .map((c) => ({ ...c }));
    },
    async completeClaim(record) {
      const claim = claims.get(record.orderId);
      if (!claim || claim.guid !== record.guid) return false;
      if (claim.invoiceId !== null && claim.invoiceId !== record.id) return false;
      if (!invoices.has(record.id)) invoices.set(record.id, clone(record));
      claim.invoiceId = record.id;
      return true;
    },
    async adoptInvoice(record) {
      if (!invoices.has(record.id)) invoices.set(record.id, clone(record));
      return clone(invoices.get(record.id)!);
    },
    async releaseClaim(orderId, guid, forget = false) {
      const claim = claims.get(orderId);
      if (!claim || claim.guid !== guid || claim.invoiceId !== null) return;
      if (forget) claims.delete(orderId);
      else claim.leaseUntil = 0;
    },
    async updateInvoice(next, expectedSeq, entries: readonly OutboxEntry[]) {
      const current = invoices.get(next.id);
      if (!current || current.seq !== expectedSeq) return false;
      invoices.set(next.id, clone(next));
      for (const e of entries) {
        if (outboxKeys.has(e.key)) continue;
        outboxKeys.add(e.key);
        const id = nextOutbox++;
        outbox.set(id, {
          id,
          key: e.key,
          invoiceId: e.invoiceId,
          event: clone(e.event),
          attempts: 0,
          nextAttemptAt: 0,
          leaseUntil: 0,
          deliveredAt: null,
          lastError: null,
        });
      }
      queueMicrotask(() => events.emit('change', next.id, next.seq));
      return true;
    },
    async monitoredInvoices(changedSince, limit) {
      return [...invoices.values()]
        .filter((r) => (r.status === 'expired' || r.status === 'invalid') && r.updatedAt >= changedSince)
        .sort((a, b) => b.updatedAt - a.updatedAt)
        .slice(0, limit)
        .map((r) => r.id);
    },
    async tryLeasePoll(invoiceId, now, intervalMs) {
      if (!invoices.has(invoiceId)) return false;
      const last = polledAt.get(invoiceId);
      if (last !== undefined && last > now - intervalMs) return false;
      polledAt.set(invoiceId, now);
      return true;
    },
    async recordIpn(ipn) {
      const id = nextIpn++;
      const old = ipns.get(ipn.invoiceId);
      // A signed body is kept over an unsigned one: a flood of hints cannot push out what BitPay sent.
      const kept = !old || ipn.signature === 'valid' || old.signature === 'absent' ? ipn : old;
      ipns.delete(ipn.invoiceId);
      ipns.set(ipn.invoiceId, {
        id,
        invoiceId: ipn.invoiceId,
        body: Buffer.from(kept.body),
        bodyBytes: kept.bodyBytes,
        signature: kept.signature,
        receivedAt: ipn.receivedAt,
        hits: (old?.hits ?? 0) + 1,
      });
      return id;
    },
    async pendingIpns(limit, receivedBefore = Number.MAX_SAFE_INTEGER) {
      return [...ipns.values()]
        .filter((i) => i.receivedAt < receivedBefore)
        .slice(0, limit)
        .map((i) => ({ ...i, body: Buffer.from(i.body) }));
    },
    async finishIpn(id, _outcome: IpnOutcome) {
      for (const [invoiceId, i] of ipns) if (i.id === id) ipns.delete(invoiceId);
    },
    async claimOutbox(now, leaseMs, limit) {
      const blocked = new Set<string>();
      const out: OutboxRow[] = [];
      for (const slot of outbox.values()) {
        if (slot.deliveredAt !== null) continue;
        const due = slot.nextAttemptAt <= now && slot.leaseUntil <= now;
        if (!blocked.has(slot.invoiceId) && due && out.length < limit) {
          slot.leaseUntil = now + leaseMs;
          out.push({
            id: slot.id,
            key: slot.key,
            invoiceId: slot.invoiceId,
            event: clone(slot.event),
            attempts: slot.attempts,
          });
        }
        blocked.add(slot.invoiceId);
      }
      return out;
    },
    async outboxDelivered(id, now) {
      const slot = outbox.get(id);
      if (slot) slot.deliveredAt = now;
    },
    async outboxRetry(id, attempts, nextAttemptAt, lastError) {
      const slot = outbox.get(id);
      if (!slot) return;
      slot.attempts = attempts;
      slot.nextAttemptAt = nextAttemptAt;
      slot.leaseUntil = 0;
      slot.lastError = lastError;
    },
    async outboxBacklog() {
      let n = 0;
      for (const slot of outbox.values()) if (slot.deliveredAt === null) n++;
      return n;
    },
    subscribe(listener: ChangeListener) {
      events.on('change', listener);
      return () => events.off('change', listener);
    },
  };
}
