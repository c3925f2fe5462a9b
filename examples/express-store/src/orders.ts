import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { findProduct, STORE_CURRENCY } from './catalog.js';
import { type OrderStatus, REFUND_RANK, REFUNDABLE, type RefundState, STATUS_RANK, UNPAID } from './status.js';

export interface OrderItem {
  productId: string;
  name: string;
  quantity: number;
  unitCents: number;
}

export type { OrderStatus } from './status.js';

export interface Order {
  id: string;
  items: OrderItem[];
  totalCents: number;
  currency: string;
  status: OrderStatus;
  /** The order's current invoice: the newest one the store has heard of (see applyEvent). */
  invoiceId: string | null;
  /** BitPay's creation time of that invoice (ms): how the store tells a newer invoice from an older one. */
  invoiceTime: number | null;
  refund: RefundState | null;
  createdAt: number;
  updatedAt: number;
}

/** A payment event as the store reads it (from the adapter's StatusChangeEvent). */
export interface PaymentEvent {
  /** The adapter's idempotencyKey: a key seen before is not applied again. */
  key: string;
  orderId: string;
  invoiceId: string;
  invoiceTime: number;
  status: OrderStatus;
  refund: RefundState | null;
}

/**
 * What became of an event: applied; a repeat; about an invoice that is not (or no longer) the order's
 * current one; a step back on the current invoice; or about no order of ours.
 */
export type EventOutcome = 'applied' | 'duplicate' | 'not-current' | 'not-forward' | 'unknown-order';

export type RefundClaim =
  | { ok: true; order: Order; previous: RefundState | null }
  | { ok: false; order: Order; code: 'REFUND_PENDING' | 'ALREADY_REFUNDED' | 'NOT_REFUNDABLE' };

export class OrderError extends Error {
  constructor(
    readonly code: 'INVALID_ITEMS' | 'UNKNOWN_PRODUCT' | 'ORDER_NOT_FOUND',
    message: string,
  ) {
    super(message);
    this.name = 'OrderError';
  }
}

const MAX_QUANTITY = 99;
const MAX_LINES = 20;

interface Row {
  id: string;
  items: string;
  total_cents: number;
  currency: string;
  status: OrderStatus;
  invoice_id: string | null;
  invoice_time: number | null;
  refund: RefundState | null;
  refund_at: number | null;
  created_at: number;
  updated_at: number;
}

/** Orders in SQLite: one file, no set-up, survives restarts of the demo. */
export class OrderBook {
  readonly #db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.exec(`CREATE TABLE IF NOT EXISTS orders (
      id TEXT PRIMARY KEY,
      items TEXT NOT NULL,
      total_cents INTEGER NOT NULL,
      currency TEXT NOT NULL,
      status TEXT NOT NULL,
      invoice_id TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`);
    // Columns added since the first version of the demo (its files survive restarts).
    const columns = new Set((this.#db.pragma('table_info(orders)') as { name: string }[]).map((c) => c.name));
    for (const [name, type] of [
      ['invoice_time', 'INTEGER'],
      ['refund', 'TEXT'],
      ['refund_at', 'INTEGER'],
    ]) {
      if (!columns.has(name as string)) this.#db.exec(`ALTER TABLE orders ADD COLUMN ${name} ${type}`);
    }
    // The first version wrote a partly paid invoice's own status ("new"), which has no label.
    this.#db.exec("UPDATE orders SET status = 'partial' WHERE status = 'new'");
    this.#db.exec(`CREATE TABLE IF NOT EXISTS payment_events (
      key TEXT PRIMARY KEY,
      order_id TEXT NOT NULL,
      outcome TEXT NOT NULL,
      received_at INTEGER NOT NULL
    )`);
  }

  /** Prices come from the catalogue; whatever else a caller sends is ignored. */
  create(lines: unknown): Order {
    if (!Array.isArray(lines) || lines.length === 0 || lines.length > MAX_LINES) {
      throw new OrderError('INVALID_ITEMS', `items must be a list of 1 to ${MAX_LINES} lines`);
    }
    const items: OrderItem[] = [];
    for (const line of lines) {
      const { productId, quantity } = (line ?? {}) as { productId?: unknown; quantity?: unknown };
      if (typeof productId !== 'string' || !Number.isInteger(quantity) || (quantity as number) < 1) {
        throw new OrderError('INVALID_ITEMS', 'each line needs a productId and a whole quantity of at least 1');
      }
      if ((quantity as number) > MAX_QUANTITY) {
        throw new OrderError('INVALID_ITEMS', `at most ${MAX_QUANTITY} of one product`);
      }
      const product = findProduct(productId);
      if (!product) throw new OrderError('UNKNOWN_PRODUCT', `no product ${JSON.stringify(productId).slice(0, 60)}`);
      const existing = items.find((i) => i.productId === product.id);
      if (existing) existing.quantity = Math.min(MAX_QUANTITY, existing.quantity + (quantity as number));
      else
        items.push({
          productId: product.id,
          name: product.name,
          quantity: quantity as number,
          unitCents: product.priceCents,
        });
    }
    const now = Date.now();
    const order: Order = {
      id: randomBytes(6).toString('hex'),
      items,
      totalCents: items.reduce((sum, i) => sum + i.unitCents * i.quantity, 0),
      currency: STORE_CURRENCY,
      status: 'pending',
      invoiceId: null,
      invoiceTime: null,
      refund: null,
      createdAt: now,
      updatedAt: now,
    };
    this.#db
      .prepare(
        'INSERT INTO orders (id, items, total_cents, currency, status, invoice_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(order.id, JSON.stringify(items), order.totalCents, order.currency, order.status, null, now, now);
    return order;
  }

  get(id: string): Order | undefined {
    const row = this.#row(id);
    return row && toOrder(row);
  }

  list(limit = 50): Order[] {
    const rows = this.#db.prepare('SELECT * FROM orders ORDER BY created_at DESC LIMIT ?').all(limit) as Row[];
    return rows.map(toOrder);
  }

  /**
   * Applies a payment event, in one transaction, only if it moves the order forward:
   * - a key already seen is a repeated delivery and changes nothing;
   * - the order's current invoice is the newest one it has heard of (by BitPay's invoiceTime); an event
   *   about an older invoice, or about a newer one while the order holds a payment, changes nothing;
   * - on the current invoice the status only moves to a higher rank, and the refund state only forward.
   */
  applyEvent(e: PaymentEvent): EventOutcome {
    return this.#db.transaction((): EventOutcome => {
      const seen = this.#db
        .prepare('INSERT OR IGNORE INTO payment_events (key, order_id, outcome, received_at) VALUES (?, ?, ?, ?)')
        .run(e.key, e.orderId, 'received', Date.now());
      if (seen.changes === 0) return 'duplicate';
      const outcome = this.#decide(e);
      this.#db.prepare('UPDATE payment_events SET outcome = ? WHERE key = ?').run(outcome, e.key);
      return outcome;
    })();
  }

  #decide(e: PaymentEvent): EventOutcome {
    const row = this.#row(e.orderId);
    if (!row) return 'unknown-order';
    const now = Date.now();
    if (row.invoice_id !== e.invoiceId) {
      const newer = row.invoice_id === null || e.invoiceTime > (row.invoice_time ?? 0);
      if (!newer || !UNPAID.has(row.status)) return 'not-current';
      // A new payment attempt for an order that holds no payment: its invoice is now the current one.
      this.#db
        .prepare(
          'UPDATE orders SET invoice_id = ?, invoice_time = ?, status = ?, refund = ?, refund_at = ?, updated_at = ? WHERE id = ?',
        )
        .run(e.invoiceId, e.invoiceTime, e.status, e.refund, e.refund && now, now, e.orderId);
      return 'applied';
    }
    const statusForward = STATUS_RANK[e.status] > STATUS_RANK[row.status];
    const refundForward = e.refund !== null && (row.refund === null || REFUND_RANK[e.refund] > REFUND_RANK[row.refund]);
    if (!statusForward && !refundForward) return 'not-forward';
    this.#db
      .prepare('UPDATE orders SET status = ?, refund = ?, refund_at = ?, updated_at = ? WHERE id = ?')
      .run(
        statusForward ? e.status : row.status,
        refundForward ? e.refund : row.refund,
        refundForward ? now : row.refund_at,
        now,
        e.orderId,
      );
    return 'applied';
  }

  /**
   * Takes the order's refund for one caller: a second click, a second tab or a second instance gets a
   * code instead of asking BitPay for a second refund. A claim left by a crash lapses after `leaseMs`.
   */
  claimRefund(id: string, leaseMs: number): RefundClaim | undefined {
    return this.#db.transaction((): RefundClaim | undefined => {
      const row = this.#row(id);
      if (!row) return undefined;
      const order = toOrder(row);
      const now = Date.now();
      if (row.status === 'refunded' || row.refund === 'success') return { ok: false, order, code: 'ALREADY_REFUNDED' };
      const lapsed = row.refund === 'requesting' && (row.refund_at ?? 0) + leaseMs <= now;
      if ((row.refund === 'requesting' && !lapsed) || row.refund === 'pending') {
        return { ok: false, order, code: 'REFUND_PENDING' };
      }
      if (!REFUNDABLE.has(row.status)) return { ok: false, order, code: 'NOT_REFUNDABLE' };
      this.#db
        .prepare("UPDATE orders SET refund = 'requesting', refund_at = ?, updated_at = ? WHERE id = ?")
        .run(now, now, id);
      return { ok: true, order, previous: lapsed ? null : row.refund };
    })();
  }

  /** The outcome of the store's refund call: forward from `requesting` only (the hook may have been first). */
  settleRefund(id: string, state: RefundState): void {
    const now = Date.now();
    this.#db.transaction(() => {
      const row = this.#row(id);
      if (!row || (row.refund !== null && REFUND_RANK[state] <= REFUND_RANK[row.refund])) return;
      this.#db
        .prepare('UPDATE orders SET refund = ?, refund_at = ?, status = ?, updated_at = ? WHERE id = ?')
        .run(state, now, state === 'success' ? 'refunded' : row.status, now, id);
    })();
  }

  /** BitPay refused: the refund is free to be asked for again (unless an event moved it meanwhile). */
  releaseRefund(id: string, previous: RefundState | null): void {
    this.#db
      .prepare("UPDATE orders SET refund = ?, refund_at = ?, updated_at = ? WHERE id = ? AND refund = 'requesting'")
      .run(previous, Date.now(), Date.now(), id);
  }

  #row(id: string): Row | undefined {
    return this.#db.prepare('SELECT * FROM orders WHERE id = ?').get(id) as Row | undefined;
  }

  close(): void {
    this.#db.close();
  }
}

function toOrder(row: Row): Order {
  return {
    id: row.id,
    items: JSON.parse(row.items) as OrderItem[],
    totalCents: row.total_cents,
    currency: row.currency,
    status: row.status,
    invoiceId: row.invoice_id,
    invoiceTime: row.invoice_time,
    refund: row.refund,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
