import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { AdapterError } from '../errors/errors.js';
import {
  type InvoiceRow,
  type IpnRow,
  invoiceToRow,
  type OutboxDbRow,
  REPLACEABLE_STATUSES,
  rowToInvoice,
  rowToIpn,
  rowToOutbox,
} from './codec.js';
import type { ChangeListener, ClaimResult, OutboxRow, Store } from './types.js';

/** Default database file, relative to the working directory. */
export const DEFAULT_SQLITE_FILE = './data/bitpay-checkout.sqlite';

interface PendingIpn {
  invoiceId: string;
  body: Buffer;
  bodyBytes: number;
  signature: string;
  receivedAt: number;
  id: number;
  done: (id: number) => void;
  fail: (err: unknown) => void;
}

interface ClaimRow {
  order_id: string;
  guid: string;
  invoice_id: string | null;
  lease_until: number;
}

const claimOf = (c: ClaimRow) => ({
  orderId: c.order_id,
  guid: c.guid,
  invoiceId: c.invoice_id,
  leaseUntil: c.lease_until,
});

export interface SqliteStoreOptions {
  /** Database file; default {@link DEFAULT_SQLITE_FILE}. Its folder is created if missing. */
  file?: string;
  /**
   * `'full'` (default): every commit is fsynced before it is reported: an acknowledged IPN, an outbox entry or an
   * order's guid survives power loss. `'normal'`: commits survive a crash of this process (kill -9) but the last
   * ones before an OS crash or power loss may be lost, which can lose an acknowledged IPN (BitPay will not resend it).
   */
  synchronous?: 'full' | 'normal';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS invoices (
  id TEXT PRIMARY KEY, order_id TEXT NOT NULL, guid TEXT NOT NULL, facade TEXT NOT NULL,
  price REAL NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, exception_status TEXT NOT NULL,
  confirmations INTEGER NOT NULL, seq INTEGER NOT NULL, view TEXT NOT NULL, refund_id TEXT,
  polled_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS invoices_order ON invoices (order_id, created_at);
CREATE TABLE IF NOT EXISTS order_claims (
  order_id TEXT PRIMARY KEY, guid TEXT NOT NULL, invoice_id TEXT, lease_until INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ipn_pending (
  invoice_id TEXT PRIMARY KEY, id INTEGER NOT NULL UNIQUE, body BLOB NOT NULL, body_bytes INTEGER NOT NULL,
  signature TEXT NOT NULL, received_at INTEGER NOT NULL, hits INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ipn_seq (n INTEGER NOT NULL);
INSERT INTO ipn_seq (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM ipn_seq);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, invoice_id TEXT NOT NULL, event TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0, lease_until INTEGER NOT NULL DEFAULT 0,
  delivered_at INTEGER, last_error TEXT);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (invoice_id, id) WHERE delivered_at IS NULL;
`;

/**
 * Before: one `ipns` row per IPN, kept forever. Now: the unfinished ones move into `ipn_pending` (one per
 * invoice, the latest) and the old table goes.
 */
const MIGRATE_IPNS = `
INSERT OR IGNORE INTO ipn_pending (invoice_id, id, body, body_bytes, signature, received_at, hits)
  SELECT invoice_id, id, CAST(body AS BLOB), length(CAST(body AS BLOB)), signature, received_at, 1 FROM ipns
  WHERE id IN (SELECT max(id) FROM ipns WHERE done_at IS NULL GROUP BY invoice_id);
UPDATE ipn_seq SET n = max(n, (SELECT coalesce(max(id), 0) FROM ipns));
DROP TABLE ipns;
`;

/**
 * better-sqlite3 is an optional dependency (installed by default; `--omit=optional` leaves it out for a
 * PostgreSQL-only deployment), so it is loaded when a SQLite store starts, and its absence is said plainly.
 */
async function loadBetterSqlite(): Promise<typeof Database> {
  try {
    return (await import('better-sqlite3')).default;
  } catch (cause) {
    throw new AdapterError(
      'STORE_ERROR',
      'The SQLite store needs the "better-sqlite3" package: install it (npm install better-sqlite3), or pass another store, e.g. postgresStore() from "@bitpay-checkout/server-adapter/postgres".',
      { cause },
    );
  }
}

/**
 * The default store: one SQLite file in WAL mode. Needs no setup; serves one adapter process (several
 * processes on one file work but only PostgreSQL carries live updates between instances).
 */
export function sqliteStore(options: SqliteStoreOptions = {}): Store {
  const file = options.file ?? DEFAULT_SQLITE_FILE;
  const synchronous = options.synchronous ?? 'full';
  if (synchronous !== 'full' && synchronous !== 'normal') {
    throw new AdapterError('INVALID_OPTION', 'sqliteStore: synchronous must be "full" or "normal".');
  }
  const events = new EventEmitter().setMaxListeners(0);
  let db: Database.Database | undefined;
  let q: ReturnType<typeof prepare> | undefined;

  function prepare(d: Database.Database) {
    const s = {
      getInvoice: d.prepare<[string], InvoiceRow>('SELECT * FROM invoices WHERE id = ?'),
      latestForOrder: d.prepare<[string], InvoiceRow>(
        'SELECT * FROM invoices WHERE order_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
      ),
      getClaim: d.prepare<[string], ClaimRow>('SELECT * FROM order_claims WHERE order_id = ?'),
      unfinishedClaims: d.prepare<[number], ClaimRow>(
        'SELECT * FROM order_claims WHERE invoice_id IS NULL ORDER BY lease_until LIMIT ?',
      ),
      resumeClaim: d.prepare('UPDATE order_claims SET lease_until = ? WHERE order_id = ?'),
      claimStatus: d.prepare<[string], { status: string }>('SELECT status FROM invoices WHERE id = ?'),
      putClaim: d.prepare(
        'INSERT INTO order_claims (order_id, guid, invoice_id, lease_until) VALUES (?, ?, NULL, ?) ' +
          'ON CONFLICT (order_id) DO UPDATE SET guid = excluded.guid, invoice_id = NULL, lease_until = excluded.lease_until',
      ),
      insertInvoice: d.prepare(
        `INSERT OR IGNORE INTO invoices (id, order_id, guid, facade, price, currency, status, exception_status, confirmations, seq, view, refund_id, created_at, updated_at)
         VALUES (@id, @order_id, @guid, @facade, @price, @currency, @status, @exception_status, @confirmations, @seq, @view, @refund_id, @created_at, @updated_at)`,
      ),
      attachClaim: d.prepare('UPDATE order_claims SET invoice_id = ? WHERE order_id = ? AND guid = ?'),
      endLease: d.prepare(
        'UPDATE order_claims SET lease_until = 0 WHERE order_id = ? AND guid = ? AND invoice_id IS NULL',
      ),
      forgetClaim: d.prepare('DELETE FROM order_claims WHERE order_id = ? AND guid = ? AND invoice_id IS NULL'),
      updateInvoice: d.prepare(
        `UPDATE invoices SET status = @status, exception_status = @exception_status, confirmations = @confirmations,
           seq = @seq, view = @view, refund_id = @refund_id, updated_at = @updated_at WHERE id = @id AND seq = @expected`,
      ),
      insertOutbox: d.prepare('INSERT OR IGNORE INTO outbox (key, invoice_id, event) VALUES (?, ?, ?)'),
      leasePoll: d.prepare('UPDATE invoices SET polled_at = ? WHERE id = ? AND (polled_at IS NULL OR polled_at <= ?)'),
      monitored: d.prepare<[number, number], { id: string }>(
        `SELECT id FROM invoices WHERE status IN ('expired', 'invalid') AND updated_at >= ? ORDER BY updated_at DESC LIMIT ?`,
      ),
      nextIpnId: d.prepare<[], { n: number }>('UPDATE ipn_seq SET n = n + 1 RETURNING n'),
      // A signed body is kept over an unsigned one: a flood of hints cannot push out what BitPay sent.
      recordIpn: d.prepare(
        `INSERT INTO ipn_pending (invoice_id, id, body, body_bytes, signature, received_at, hits)
         VALUES (@invoiceId, @id, @body, @bodyBytes, @signature, @receivedAt, 1)
         ON CONFLICT (invoice_id) DO UPDATE SET id = excluded.id, received_at = excluded.received_at, hits = hits + 1,
           body = CASE WHEN excluded.signature = 'valid' OR signature = 'absent' THEN excluded.body ELSE body END,
           body_bytes = CASE WHEN excluded.signature = 'valid' OR signature = 'absent' THEN excluded.body_bytes ELSE body_bytes END,
           signature = CASE WHEN excluded.signature = 'valid' OR signature = 'absent' THEN excluded.signature ELSE signature END`,
      ),
      pendingIpns: d.prepare<[number, number], IpnRow>(
        'SELECT * FROM ipn_pending WHERE received_at < ? ORDER BY id LIMIT ?',
      ),
      finishIpn: d.prepare('DELETE FROM ipn_pending WHERE id = ?'),
      dueOutbox: d.prepare<[number, number, number], OutboxDbRow>(
        `SELECT o.* FROM outbox o WHERE o.delivered_at IS NULL AND o.next_attempt_at <= ? AND o.lease_until <= ?
           AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.invoice_id = o.invoice_id AND p.delivered_at IS NULL AND p.id < o.id)
         ORDER BY o.id LIMIT ?`,
      ),
      leaseOutbox: d.prepare('UPDATE outbox SET lease_until = ? WHERE id = ?'),
      delivered: d.prepare('UPDATE outbox SET delivered_at = ? WHERE id = ?'),
      retry: d.prepare(
        'UPDATE outbox SET attempts = ?, next_attempt_at = ?, lease_until = 0, last_error = ? WHERE id = ?',
      ),
      backlog: d.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL'),
    };
    return {
      ...s,
      claim: d.transaction((orderId: string, guid: string, now: number, leaseMs: number): ClaimResult => {
        const claim = s.getClaim.get(orderId);
        if (claim && claim.invoice_id === null && claim.lease_until <= now) {
          s.resumeClaim.run(now + leaseMs, orderId);
          return { won: true, guid: claim.guid, resumed: true };
        }
        let take = !claim;
        if (claim && claim.invoice_id !== null) {
          const status = s.claimStatus.get(claim.invoice_id)?.status;
          take = (REPLACEABLE_STATUSES as readonly string[]).includes(status ?? '');
        }
        if (take) {
          s.putClaim.run(orderId, guid, now + leaseMs);
          return { won: true, guid, resumed: false };
        }
        return {
          won: false,
          claim: { orderId, guid: claim!.guid, invoiceId: claim!.invoice_id, leaseUntil: claim!.lease_until },
        };
      }),
      complete: d.transaction((row: InvoiceRow): boolean => {
        const claim = s.getClaim.get(row.order_id);
        if (!claim || claim.guid !== row.guid) return false;
        if (claim.invoice_id !== null && claim.invoice_id !== row.id) return false;
        s.insertInvoice.run(row);
        s.attachClaim.run(row.id, row.order_id, row.guid);
        return true;
      }),
      update: d.transaction(
        (row: InvoiceRow, expected: number, entries: readonly { key: string; invoiceId: string; event: unknown }[]) => {
          if (s.updateInvoice.run({ ...row, expected }).changes !== 1) return false;
          for (const e of entries) s.insertOutbox.run(e.key, e.invoiceId, JSON.stringify(e.event));
          return true;
        },
      ),
      recordIpns: d.transaction((batch: readonly PendingIpn[]) => {
        for (const p of batch) {
          p.id = s.nextIpnId.get()!.n;
          s.recordIpn.run({
            invoiceId: p.invoiceId,
            id: p.id,
            body: p.body,
            bodyBytes: p.bodyBytes,
            signature: p.signature,
            receivedAt: p.receivedAt,
          });
        }
      }),
      finishIpns: d.transaction((batch: readonly { id: number }[]) => {
        for (const f of batch) s.finishIpn.run(f.id);
      }),
      claimOutbox: d.transaction((now: number, leaseMs: number, limit: number): OutboxRow[] => {
        const rows = s.dueOutbox.all(now, now, limit);
        for (const r of rows) s.leaseOutbox.run(now + leaseMs, r.id);
        return rows.map(rowToOutbox);
      }),
    };
  }

  // Group commit: IPNs recorded in the same turn of the event loop share one transaction (one WAL commit),
  // and each caller's promise resolves only after that commit, so "durable before the 200" still holds.
  let ipnBatch: PendingIpn[] = [];
  let finishBatch: { id: number; done: () => void; fail: (e: unknown) => void }[] = [];
  function flushIpns() {
    const batch = ipnBatch;
    ipnBatch = [];
    try {
      stmts().recordIpns(batch);
      for (const p of batch) p.done(p.id);
    } catch (err) {
      for (const p of batch) p.fail(err);
    }
  }
  function flushFinishes() {
    const batch = finishBatch;
    finishBatch = [];
    try {
      stmts().finishIpns(batch);
      for (const f of batch) f.done();
    } catch (err) {
      for (const f of batch) f.fail(err);
    }
  }

  function stmts() {
    if (!q) throw new AdapterError('CLOSED', 'The SQLite store is closed or was not initialised.');
    return q;
  }

  return {
    kind: 'sqlite',
    async init() {
      const Sqlite = await loadBetterSqlite();
      if (db) return;
      if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
      db = new Sqlite(file);
      db.pragma('journal_mode = WAL');
      // FULL: every commit (an acknowledged IPN, an outbox entry, an order's guid) is fsynced before it is
      // reported, so it survives power loss too, not only kill -9. Group commit keeps IPN intake fast.
      db.pragma(`synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
      db.pragma('busy_timeout = 5000');
      const d = db;
      d.transaction(() => {
        d.exec(SCHEMA);
        const old = d.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ipns'").get();
        if (old) d.exec(MIGRATE_IPNS);
      }).immediate();
      q = prepare(db);
    },
    async close() {
      events.removeAllListeners();
      if (q && ipnBatch.length > 0) flushIpns();
      if (q && finishBatch.length > 0) flushFinishes();
      q = undefined;
      db?.close();
      db = undefined;
    },
    async getInvoice(id) {
      const row = stmts().getInvoice.get(id);
      return row ? rowToInvoice(row) : null;
    },
    async latestInvoiceForOrder(orderId) {
      const row = stmts().latestForOrder.get(orderId);
      return row ? rowToInvoice(row) : null;
    },
    async claimOrder(orderId, guid, now, leaseMs) {
      return stmts().claim(orderId, guid, now, leaseMs);
    },
    async getClaim(orderId) {
      const c = stmts().getClaim.get(orderId);
      return c ? claimOf(c) : null;
    },
    async unfinishedClaims(limit) {
      return stmts().unfinishedClaims.all(limit).map(claimOf);
    },
    async completeClaim(record) {
      return stmts().complete(invoiceToRow(record));
    },
    async adoptInvoice(record) {
      stmts().insertInvoice.run(invoiceToRow(record));
      const row = stmts().getInvoice.get(record.id);
      return rowToInvoice(row!);
    },
    async releaseClaim(orderId, guid, forget = false) {
      (forget ? stmts().forgetClaim : stmts().endLease).run(orderId, guid);
    },
    async updateInvoice(next, expectedSeq, entries) {
      const ok = stmts().update(invoiceToRow(next), expectedSeq, entries);
      if (ok) queueMicrotask(() => events.emit('change', next.id, next.seq));
      return ok;
    },
    async monitoredInvoices(changedSince, limit) {
      return stmts()
        .monitored.all(changedSince, limit)
        .map((r) => r.id);
    },
    async tryLeasePoll(invoiceId, now, intervalMs) {
      return stmts().leasePoll.run(now, invoiceId, now - intervalMs).changes === 1;
    },
    recordIpn(ipn) {
      stmts();
      return new Promise<number>((done, fail) => {
        if (ipnBatch.length === 0) setImmediate(flushIpns);
        ipnBatch.push({ ...ipn, id: 0, done, fail });
      });
    },
    async pendingIpns(limit, receivedBefore = Number.MAX_SAFE_INTEGER) {
      return stmts().pendingIpns.all(receivedBefore, limit).map(rowToIpn);
    },
    finishIpn(id) {
      stmts();
      return new Promise<void>((done, fail) => {
        if (finishBatch.length === 0) setImmediate(flushFinishes);
        finishBatch.push({ id, done, fail });
      });
    },
    async claimOutbox(now, leaseMs, limit) {
      return stmts().claimOutbox(now, leaseMs, limit);
    },
    async outboxDelivered(id, now) {
      stmts().delivered.run(now, id);
    },
    async outboxRetry(id, attempts, nextAttemptAt, lastError) {
      stmts().retry.run(attempts, nextAttemptAt, lastError, id);
    },
    async outboxBacklog() {
      return stmts().backlog.get()?.n ?? 0;
    },
    subscribe(listener: ChangeListener) {
      events.on('change', listener);
      return () => events.off('change', listener);
    },
  };
}
