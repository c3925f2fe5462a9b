import type { InvoiceRecord, Store } from '../store/types.js';

const MAX_ENTRIES = 10_000;

/**
 * Recently read invoices, for the hot read paths (status polling, IPN intake). An entry is dropped on
 * every change the store announces (on PostgreSQL: from any instance) and lives at most `ttlMs` anyway,
 * which bounds staleness should an announcement be missed while the LISTEN connection reconnects.
 */
export class InvoiceCache {
  readonly #store: Store;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { record: InvoiceRecord; at: number }>();
  #unsubscribe: (() => void) | undefined;

  constructor(store: Store, ttlMs: number, now: () => number) {
    this.#store = store;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  start(): void {
    this.#unsubscribe = this.#store.subscribe((id) => this.#entries.delete(id));
  }

  /** The cached record if fresh, without touching the store (lets hot paths skip an await). */
  peek(id: string): InvoiceRecord | undefined {
    const hit = this.#entries.get(id);
    return hit && this.#now() - hit.at < this.#ttlMs ? hit.record : undefined;
  }

  async get(id: string): Promise<InvoiceRecord | null> {
    const hit = this.#entries.get(id);
    const now = this.#now();
    if (hit && now - hit.at < this.#ttlMs) return hit.record;
    const record = await this.#store.getInvoice(id);
    if (record) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(id, { record, at: now });
    } else this.#entries.delete(id);
    return record;
  }

  close(): void {
    this.#unsubscribe?.();
    this.#entries.clear();
  }
}
