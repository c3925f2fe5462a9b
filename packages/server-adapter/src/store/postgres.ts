import { EventEmitter } from 'node:events';
import pg from 'pg';
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
import type { ChangeListener, ClaimResult, Store } from './types.js';

export const DEFAULT_PG_SCHEMA = 'bitpay_checkout';

export interface PostgresStoreOptions {
  /** Connection string, e.g. postgres://user@host:5432/db. Required unless `pool` is given. */
  connectionString?: string;
  /** Schema holding the tables (created if missing); default {@link DEFAULT_PG_SCHEMA}. */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
}

const IDENT = /^[a-z_][a-z0-9_]{0,47}$/;

/**
 * PostgreSQL: for more than one adapter instance. Every write is a transaction; status changes are
 * announced with NOTIFY so every instance's watchers hear about an IPN another instance took.
 */
export function postgresStore(options: PostgresStoreOptions): Store {
  const schema = options.schema ?? DEFAULT_PG_SCHEMA;
  if (!IDENT.test(schema)) {
    throw new AdapterError('INVALID_OPTION', `postgresStore: schema "${schema}" must match ${IDENT}.`);
  }
  if (typeof options.connectionString !== 'string' || options.connectionString === '') {
    throw new AdapterError('INVALID_OPTION', 'postgresStore: connectionString is required.');
  }
  const t = (name: string) => `"${schema}".${name}`;
  const channel = `${schema}_changes`;
  const events = new EventEmitter().setMaxListeners(0);
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  // A broken idle connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  let listener: pg.Client | undefined;
  let closed = false;
  let ready: Promise<void> | undefined;

  async function tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }

  async function listen(): Promise<void> {
    const c = new pg.Client({ connectionString: options.connectionString });
    c.on('error', () => {
      // Reconnect the LISTEN connection: watchers depend on it.
      if (!closed) setTimeout(() => void listen().catch(() => {}), 500).unref();
    });
    c.on('notification', (msg) => {
      if (msg.channel !== channel || !msg.payload) return;
      const at = msg.payload.lastIndexOf(':');
      events.emit('change', msg.payload.slice(0, at), Number(msg.payload.slice(at + 1)));
    });
    await c.connect();
    await c.query(`LISTEN "${channel}"`);
    const old = listener;
    listener = c;
    await old?.end().catch(() => {});
  }

  async function setup(): Promise<void> {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).catch((err: { code?: string }) => {
      // Two instances creating the schema at once: the loser sees a unique violation; the schema exists.
      if (err.code !== '23505') throw err;
    });
    await tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [schema]);
      await c.query(`
        CREATE TABLE IF NOT EXISTS ${t('invoices')} (
          id TEXT PRIMARY KEY, order_id TEXT NOT NULL, guid TEXT NOT NULL, facade TEXT NOT NULL,
          price DOUBLE PRECISION NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, exception_status TEXT NOT NULL,
          confirmations INTEGER NOT NULL, seq INTEGER NOT NULL, view TEXT NOT NULL, refund_id TEXT,
          polled_at BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, serial BIGSERIAL);
        CREATE INDEX IF NOT EXISTS invoices_order ON ${t('invoices')} (order_id, created_at);
        CREATE TABLE IF NOT EXISTS ${t('order_claims')} (
          order_id TEXT PRIMARY KEY, guid TEXT NOT NULL, invoice_id TEXT, lease_until BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS ${t('ipn_pending')} (
          invoice_id TEXT PRIMARY KEY, id BIGINT NOT NULL UNIQUE, body BYTEA NOT NULL, body_bytes INTEGER NOT NULL,
          signature TEXT NOT NULL, received_at BIGINT NOT NULL, hits INTEGER NOT NULL);
        CREATE SEQUENCE IF NOT EXISTS ${t('ipn_seq')};
        CREATE TABLE IF NOT EXISTS ${t('outbox')} (
          id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE, invoice_id TEXT NOT NULL, event TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL DEFAULT 0,
          lease_until BIGINT NOT NULL DEFAULT 0, delivered_at BIGINT, last_error TEXT);
        CREATE INDEX IF NOT EXISTS outbox_pending ON ${t('outbox')} (invoice_id, id) WHERE delivered_at IS NULL;`);
      // Before: one `ipns` row per IPN, kept forever. The unfinished ones move into ipn_pending (the latest per
      // invoice) and the old table goes.
      const old = await c.query(`SELECT to_regclass($1) AS t`, [`"${schema}".ipns`]);
      if (old.rows[0]?.t) {
        await c.query(`
          INSERT INTO ${t('ipn_pending')} (invoice_id, id, body, body_bytes, signature, received_at, hits)
            SELECT invoice_id, id, convert_to(body, 'UTF8'), octet_length(body), signature, received_at, 1 FROM ${t('ipns')}
            WHERE id IN (SELECT max(id) FROM ${t('ipns')} WHERE done_at IS NULL GROUP BY invoice_id)
            ON CONFLICT (invoice_id) DO NOTHING;
          SELECT setval('${t('ipn_seq')}', greatest((SELECT coalesce(max(id), 0) FROM ${t('ipns')}), 1));
          DROP TABLE ${t('ipns')};`);
      }
    });
    await listen();
  }

  const INVOICE_COLS =
    'id, order_id, guid, facade, price, currency, status, exception_status, confirmations, seq, view, refund_id, created_at, updated_at';
  // A created invoice and an adopted one are inserted alike; a second insert of the same id changes nothing.
  const insertInvoiceSql = () =>
    `INSERT INTO ${t('invoices')} (${INVOICE_COLS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
     ON CONFLICT (id) DO NOTHING`;
  const invoiceParams = (row: InvoiceRow) => [
    row.id,
    row.order_id,
    row.guid,
    row.facade,
    row.price,
    row.currency,
    row.status,
    row.exception_status,
    row.confirmations,
    row.seq,
    row.view,
    row.refund_id,
    row.created_at,
    row.updated_at,
  ];

  return {
    kind: 'postgres',
    init() {
      ready ??= setup();
      return ready;
    },
    async close() {
      closed = true;
      events.removeAllListeners();
      await listener?.end().catch(() => {});
      await pool.end().catch(() => {});
    },
    async getInvoice(id) {
      const r = await pool.query<InvoiceRow>(`SELECT ${INVOICE_COLS} FROM ${t('invoices')} WHERE id = $1`, [id]);
      return r.rows[0] ? rowToInvoice(r.rows[0]) : null;
    },
    async latestInvoiceForOrder(orderId) {
      const r = await pool.query<InvoiceRow>(
        `SELECT ${INVOICE_COLS} FROM ${t('invoices')} WHERE order_id = $1 ORDER BY created_at DESC, serial DESC LIMIT 1`,
        [orderId],
      );
      return r.rows[0] ? rowToInvoice(r.rows[0]) : null;
    },
    async claimOrder(orderId, guid, now, leaseMs): Promise<ClaimResult> {
      return tx(async (c) => {
        const inserted = await c.query(
          `INSERT INTO ${t('order_claims')} (order_id, guid, invoice_id, lease_until) VALUES ($1, $2, NULL, $3)
           ON CONFLICT (order_id) DO NOTHING`,
          [orderId, guid, now + leaseMs],
        );
        if (inserted.rowCount === 1) return { won: true, guid, resumed: false };
        const r = await c.query<{
          guid: string;
          invoice_id: string | null;
          lease_until: string;
          status: string | null;
        }>(
          `SELECT c.guid, c.invoice_id, c.lease_until, i.status FROM ${t('order_claims')} c
           LEFT JOIN ${t('invoices')} i ON i.id = c.invoice_id WHERE c.order_id = $1 FOR UPDATE OF c`,
          [orderId],
        );
        const claim = r.rows[0];
        if (!claim) return { won: false, claim: { orderId, guid: '', invoiceId: null, leaseUntil: now } };
        if (claim.invoice_id === null && Number(claim.lease_until) <= now) {
          await c.query(`UPDATE ${t('order_claims')} SET lease_until = $2 WHERE order_id = $1`, [
            orderId,
            now + leaseMs,
          ]);
          return { won: true, guid: claim.guid, resumed: true };
        }
        const take =
          claim.invoice_id === null
            ? Number(claim.lease_until) <= now
            : (REPLACEABLE_STATUSES as readonly string[]).includes(claim.status ?? '');
        if (!take) {
          return {
            won: false,
            claim: { orderId, guid: claim.guid, invoiceId: claim.invoice_id, leaseUntil: Number(claim.lease_until) },
          };
        }
        await c.query(
          `UPDATE ${t('order_claims')} SET guid = $2, invoice_id = NULL, lease_until = $3 WHERE order_id = $1`,
          [orderId, guid, now + leaseMs],
        );
        return { won: true, guid, resumed: false };
      });
    },
    async getClaim(orderId) {
      const r = await pool.query<{ guid: string; invoice_id: string | null; lease_until: string }>(
        `SELECT guid, invoice_id, lease_until FROM ${t('order_claims')} WHERE order_id = $1`,
        [orderId],
      );
      const c = r.rows[0];
      return c ? { orderId, guid: c.guid, invoiceId: c.invoice_id, leaseUntil: Number(c.lease_until) } : null;
    },
    async unfinishedClaims(limit) {
      const r = await pool.query<{ order_id: string; guid: string; lease_until: string }>(
        `SELECT order_id, guid, lease_until FROM ${t('order_claims')} WHERE invoice_id IS NULL ORDER BY lease_until LIMIT $1`,
        [limit],
      );
      return r.rows.map((c) => ({
        orderId: c.order_id,
        guid: c.guid,
        invoiceId: null,
        leaseUntil: Number(c.lease_until),
      }));
    },
    async completeClaim(record) {
      const row = invoiceToRow(record);
      return tx(async (c) => {
        const claim = await c.query<{ guid: string; invoice_id: string | null }>(
          `SELECT guid, invoice_id FROM ${t('order_claims')} WHERE order_id = $1 FOR UPDATE`,
          [row.order_id],
        );
        const held = claim.rows[0];
        if (held?.guid !== row.guid) return false;
        if (held.invoice_id !== null && held.invoice_id !== row.id) return false;
        await c.query(insertInvoiceSql(), invoiceParams(row));
        await c.query(`UPDATE ${t('order_claims')} SET invoice_id = $1 WHERE order_id = $2`, [row.id, row.order_id]);
        return true;
      });
    },
    async adoptInvoice(record) {
      const row = invoiceToRow(record);
      await pool.query(insertInvoiceSql(), invoiceParams(row));
      const r = await pool.query<InvoiceRow>(`SELECT ${INVOICE_COLS} FROM ${t('invoices')} WHERE id = $1`, [row.id]);
      return rowToInvoice(r.rows[0]!);
    },
    async releaseClaim(orderId, guid, forget = false) {
      await pool.query(
        forget
          ? `DELETE FROM ${t('order_claims')} WHERE order_id = $1 AND guid = $2 AND invoice_id IS NULL`
          : `UPDATE ${t('order_claims')} SET lease_until = 0 WHERE order_id = $1 AND guid = $2 AND invoice_id IS NULL`,
        [orderId, guid],
      );
    },
    async updateInvoice(next, expectedSeq, entries) {
      const row = invoiceToRow(next);
      return tx(async (c) => {
        const u = await c.query(
          `UPDATE ${t('invoices')} SET status = $2, exception_status = $3, confirmations = $4, seq = $5, view = $6,
             refund_id = $7, updated_at = $8 WHERE id = $1 AND seq = $9`,
          [
            row.id,
            row.status,
            row.exception_status,
            row.confirmations,
            row.seq,
            row.view,
            row.refund_id,
            row.updated_at,
            expectedSeq,
          ],
        );
        if (u.rowCount !== 1) return false;
        for (const e of entries) {
          await c.query(
            `INSERT INTO ${t('outbox')} (key, invoice_id, event) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`,
            [e.key, e.invoiceId, JSON.stringify(e.event)],
          );
        }
        // Delivered at COMMIT, to every instance (this one included).
        await c.query('SELECT pg_notify($1, $2)', [channel, `${next.id}:${next.seq}`]);
        return true;
      });
    },
    async monitoredInvoices(changedSince, limit) {
      const r = await pool.query<{ id: string }>(
        `SELECT id FROM ${t('invoices')} WHERE status IN ('expired', 'invalid') AND updated_at >= $1
         ORDER BY updated_at DESC LIMIT $2`,
        [changedSince, limit],
      );
      return r.rows.map((row) => row.id);
    },
    async tryLeasePoll(invoiceId, now, intervalMs) {
      const r = await pool.query(
        `UPDATE ${t('invoices')} SET polled_at = $2 WHERE id = $1 AND (polled_at IS NULL OR polled_at <= $3)`,
        [invoiceId, now, now - intervalMs],
      );
      return r.rowCount === 1;
    },
    async recordIpn(ipn) {
      // A signed body is kept over an unsigned one: a flood of hints cannot push out what BitPay sent.
      const keep = `excluded.signature = 'valid' OR p.signature = 'absent'`;
      const r = await pool.query<{ id: string }>(
        `INSERT INTO ${t('ipn_pending')} AS p (invoice_id, id, body, body_bytes, signature, received_at, hits)
         VALUES ($1, nextval('${t('ipn_seq')}'), $2, $3, $4, $5, 1)
         ON CONFLICT (invoice_id) DO UPDATE SET id = excluded.id, received_at = excluded.received_at, hits = p.hits + 1,
           body = CASE WHEN ${keep} THEN excluded.body ELSE p.body END,
           body_bytes = CASE WHEN ${keep} THEN excluded.body_bytes ELSE p.body_bytes END,
           signature = CASE WHEN ${keep} THEN excluded.signature ELSE p.signature END
         RETURNING id`,
        [ipn.invoiceId, ipn.body, ipn.bodyBytes, ipn.signature, ipn.receivedAt],
      );
      return Number(r.rows[0]!.id);
    },
    async pendingIpns(limit, receivedBefore = Number.MAX_SAFE_INTEGER) {
      const r = await pool.query<IpnRow>(
        `SELECT id, invoice_id, body, body_bytes, signature, received_at, hits FROM ${t('ipn_pending')}
         WHERE received_at < $2 ORDER BY id LIMIT $1`,
        [limit, receivedBefore],
      );
      return r.rows.map(rowToIpn);
    },
    async finishIpn(id) {
      await pool.query(`DELETE FROM ${t('ipn_pending')} WHERE id = $1`, [id]);
    },
    async claimOutbox(now, leaseMs, limit) {
      const r = await pool.query<OutboxDbRow>(
        `UPDATE ${t('outbox')} SET lease_until = $2 WHERE id IN (
           SELECT o.id FROM ${t('outbox')} o WHERE o.delivered_at IS NULL AND o.next_attempt_at <= $1 AND o.lease_until <= $1
             AND NOT EXISTS (SELECT 1 FROM ${t('outbox')} p WHERE p.invoice_id = o.invoice_id AND p.delivered_at IS NULL AND p.id < o.id)
           ORDER BY o.id LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING id, key, invoice_id, event, attempts`,
        [now, now + leaseMs, limit],
      );
      return r.rows.map(rowToOutbox).sort((a, b) => a.id - b.id);
    },
    async outboxDelivered(id, now) {
      await pool.query(`UPDATE ${t('outbox')} SET delivered_at = $2 WHERE id = $1`, [id, now]);
    },
    async outboxRetry(id, attempts, nextAttemptAt, lastError) {
      await pool.query(
        `UPDATE ${t('outbox')} SET attempts = $2, next_attempt_at = $3, lease_until = 0, last_error = $4 WHERE id = $1`,
        [id, attempts, nextAttemptAt, lastError],
      );
    },
    async outboxBacklog() {
      const r = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${t('outbox')} WHERE delivered_at IS NULL`);
      return Number(r.rows[0]?.n ?? 0);
    },
    subscribe(listener: ChangeListener) {
      events.on('change', listener);
      return () => events.off('change', listener);
    },
  };
}
