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

/**
 * `guid` is the one to send to BitPay: the caller's for a fresh claim, the earlier attempt's when `resumed` (that
 * attempt may have created the invoice before it died, so look it up by guid before creating).
 */
export type ClaimResult = { won: true; guid: string; resumed: boolean } | { won: false; claim: OrderClaim };

/** What `onStatusChange` receives (the payload is stored in the outbox as JSON). */
export interface StatusChangeEvent {
  /** Stable per (invoice, status[, exception or refund state]): use it to ignore a repeated delivery. */
  idempotencyKey: string;
  invoiceId: string;
  orderId: string;
  /**
   * Whether this invoice was its order's current (latest) invoice when the change happened. False for news about
   * an invoice the shopper replaced (a late payment on an expired one): never write its status onto the order.
   */
  current: boolean;
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

/**
 * The journal keeps one pending entry per invoice (the IPN body is only a hint: what recovery needs is that the
 * invoice is read again after the last IPN acknowledged for it). Finished entries are deleted.
 */
export interface IpnRecord {
  /** New with every IPN recorded for the invoice: finishing an older id leaves the newer IPN pending. */
  id: number;
  invoiceId: string;
  /** Raw bytes of the IPN kept (a signed body wins over an unsigned one), cut to the adapter's `ipn.keepBodyBytes`. */
  body: Buffer;
  /** Length of that IPN's whole body (more than `body.length` when it was cut). */
  bodyBytes: number;
  signature: IpnSignature;
  /** When the latest IPN for the invoice was recorded. */
  receivedAt: number;
  /** IPNs recorded for the invoice since its entry was last finished. */
  hits: number;
}

export type NewIpn = Omit<IpnRecord, 'id' | 'hits'>;

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
   * Takes the order's creation lease when there is none (with `guid`), when the last one expired without an
   * invoice (keeping that claim's guid: `resumed`), or when its invoice is replaceable (expired, declined; with
   * `guid`). Otherwise reports the current claim.
   */
  claimOrder(orderId: string, guid: string, now: number, leaseMs: number): Promise<ClaimResult>;
  getClaim(orderId: string): Promise<OrderClaim | null>;
  /** Claims whose lease is held or has run out without an invoice attached (start-up recovery), oldest lease first. */
  unfinishedClaims(limit: number): Promise<OrderClaim[]>;
  /**
   * Stores the new invoice and attaches it to the claim, if the claim still holds `guid` and has no other
   * invoice attached.
   */
  completeClaim(record: InvoiceRecord): Promise<boolean>;
  /**
   * Stores an invoice the adapter did not create (adopted: shown by its id, tied to no order or claim)
   * unless one with that id is stored already; resolves with the stored record either way.
   */
  adoptInvoice(record: InvoiceRecord): Promise<InvoiceRecord>;
  /**
   * Ends the lease of an invoice-less claim now. Its guid stays, so the next attempt reuses it (BitPay may have
   * made the invoice although the call failed); `forget` drops the claim and its guid instead.
   */
  releaseClaim(orderId: string, guid: string, forget?: boolean): Promise<void>;

  /**
   * Compare-and-set: writes `next` only if the stored seq is still `expectedSeq`, and in the same
   * transaction queues the outbox entries (ignoring keys already queued) and announces the change.
   */
  updateInvoice(next: InvoiceRecord, expectedSeq: number, outbox: readonly OutboxEntry[]): Promise<boolean>;

  /**
   * Ids of expired or invalid invoices last changed at or after `changedSince`, most recently changed first: the
   * ones still followed for a late payment.
   */
  monitoredInvoices(changedSince: number, limit: number): Promise<string[]>;

  /** True for exactly one caller per interval per invoice, across every instance on this store. */
  tryLeasePoll(invoiceId: string, now: number, intervalMs: number): Promise<boolean>;

  /** Records an IPN into its invoice's pending entry (created or replaced); resolves with the entry's new id once durable. */
  recordIpn(ipn: NewIpn): Promise<number>;
  /** Pending entries (one per invoice), oldest id first; only those last recorded before `receivedBefore` if given. */
  pendingIpns(limit: number, receivedBefore?: number): Promise<IpnRecord[]>;
  /** Deletes the entry if its id is still `id` (no IPN was recorded for that invoice since). */
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
