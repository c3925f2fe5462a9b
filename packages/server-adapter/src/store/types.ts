import type { ExceptionStatus, InvoiceStatus, StoredView } from '../view/types.js';

export type Facade = 'merchant' | 'pos';

/** What the adapter keeps about one BitPay invoice. */
export interface InvoiceRecord {
  id: string;
  orderId: string;
  /** The `guid` sent to BitPay when creating it (idempotence). */
  guid: string;
  /** Which facade's token created it: that token reads it back and keys its IPN signatures. */
  facade: Facade;
  /** From resolveOrder: the cross-check for every fetched state. */
  price: number;
  currency: string;
  status: InvoiceStatus;
  exceptionStatus: ExceptionStatus;
  confirmations: number;
  /** Grows by one with each change of the public view: the SSE event id. */
  seq: number;
  view: StoredView;
  /** BitPay's id of the refund requested for this invoice, if any. */
  refundId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A creation lease: at most one invoice per order is being made or open at a time. */
export interface OrderClaim {
  orderId: string;
  guid: string;
  invoiceId: string | null;
  leaseUntil: number;
}

export type ClaimResult = { won: true } | { won: false; claim: OrderClaim };

/** What `onStatusChange` receives (the payload is stored in the outbox as JSON). */
export interface StatusChangeEvent {
  /** Stable per (invoice, status[, exception or refund state]): use it to ignore a repeated delivery. */
  idempotencyKey: string;
  invoiceId: string;
  orderId: string;
  status: InvoiceStatus;
  exceptionStatus: ExceptionStatus;
  previousStatus: InvoiceStatus | null;
  invoice: StoredView & { serverTime: number };
}

export interface OutboxEntry {
  key: string;
  invoiceId: string;
  event: StatusChangeEvent;
}

export interface OutboxRow extends OutboxEntry {
  id: number;
  attempts: number;
}

export type IpnSignature = 'valid' | 'absent';
export type IpnOutcome = 'applied' | 'unchanged' | 'mismatch' | 'unknown-invoice';

export interface IpnRecord {
  id: number;
  invoiceId: string;
  body: string;
  signature: IpnSignature;
  receivedAt: number;
}

export type ChangeListener = (invoiceId: string, seq: number) => void;

/**
 * Everything the adapter persists. One interface, three implementations (SQLite, PostgreSQL, memory),
 * one contract suite (test/store-contract.ts). Every method is atomic on its own.
 */
export interface Store {
  /** Human name for logs ("sqlite", "postgres", "memory"). */
  readonly kind: string;
  /** Creates tables if needed; idempotent; called by the adapter before first use. */
  init(): Promise<void>;
  close(): Promise<void>;

  getInvoice(id: string): Promise<InvoiceRecord | null>;
  latestInvoiceForOrder(orderId: string): Promise<InvoiceRecord | null>;

  /**
   * Takes the order's creation lease when there is none, when the last one expired without an invoice,
   * or when its invoice is replaceable (expired, declined). Otherwise reports the current claim.
   */
  claimOrder(orderId: string, guid: string, now: number, leaseMs: number): Promise<ClaimResult>;
  getClaim(orderId: string): Promise<OrderClaim | null>;
  /** Stores the new invoice and attaches it to the claim, if the claim still holds `guid`. */
  completeClaim(record: InvoiceRecord): Promise<boolean>;
  releaseClaim(orderId: string, guid: string): Promise<void>;

  /**
   * Compare-and-set: writes `next` only if the stored seq is still `expectedSeq`, and in the same
   * transaction queues the outbox entries (ignoring keys already queued) and announces the change.
   */
  updateInvoice(next: InvoiceRecord, expectedSeq: number, outbox: readonly OutboxEntry[]): Promise<boolean>;

  /** True for exactly one caller per interval per invoice, across every instance on this store. */
  tryLeasePoll(invoiceId: string, now: number, intervalMs: number): Promise<boolean>;

  recordIpn(ipn: Omit<IpnRecord, 'id'>): Promise<number>;
  /** IPNs recorded but not yet finished, oldest first. */
  pendingIpns(limit: number): Promise<IpnRecord[]>;
  finishIpn(id: number, outcome: IpnOutcome, now: number): Promise<void>;

  /**
   * Leases due outbox entries (oldest first, never one whose invoice has an older undelivered entry)
   * so no other instance runs them until `now + leaseMs`.
   */
  claimOutbox(now: number, leaseMs: number, limit: number): Promise<OutboxRow[]>;
  outboxDelivered(id: number, now: number): Promise<void>;
  outboxRetry(id: number, attempts: number, nextAttemptAt: number, lastError: string): Promise<void>;
  /** Entries not yet delivered (for health checks and tests). */
  outboxBacklog(): Promise<number>;

  /** Called after a committed invoice change, on every instance sharing this store. */
  subscribe(listener: ChangeListener): () => void;
}
