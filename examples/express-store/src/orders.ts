import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { findProduct, STORE_CURRENCY } from './catalog.js';

export interface OrderItem {
  productId: string;
  name: string;
  quantity: number;
  unitCents: number;
}

/** What the shop shows; the payment state comes from the adapter's status hook. */
export type OrderStatus =
  | 'pending'
  | 'paid'
  | 'confirmed'
  | 'complete'
  | 'expired'
  | 'invalid'
  | 'declined'
  | 'refunded';

export interface Order {
  id: string;
  items: OrderItem[];
  totalCents: number;
  currency: string;
  status: OrderStatus;
  invoiceId: string | null;
  createdAt: number;
  updatedAt: number;
}

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
    const row = this.#db.prepare('SELECT * FROM orders WHERE id = ?').get(id) as Row | undefined;
    return row && toOrder(row);
  }

  list(limit = 50): Order[] {
    const rows = this.#db.prepare('SELECT * FROM orders ORDER BY created_at DESC LIMIT ?').all(limit) as Row[];
    return rows.map(toOrder);
  }

  setStatus(id: string, status: OrderStatus, invoiceId: string | null): void {
    this.#db
      .prepare('UPDATE orders SET status = ?, invoice_id = COALESCE(?, invoice_id), updated_at = ? WHERE id = ?')
      .run(status, invoiceId, Date.now(), id);
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
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
