/**
 * An order's payment state, as the shop shows it. Every status here has a label (views.ts) and a rank:
 * the store only ever moves an order to a higher rank on its current invoice, so a late, repeated or
 * reordered event cannot move it back.
 */
export type OrderStatus =
  | 'pending'
  | 'partial'
  | 'expired'
  | 'paid'
  | 'confirmed'
  | 'invalid'
  | 'complete'
  | 'declined'
  | 'refunded';

/**
 * Ranks follow BitPay's forward moves of one invoice (new → paid → confirmed → complete, new → expired,
 * paid → invalid → complete, declined from any state before complete), then a successful refund.
 * Statuses BitPay never moves between share a rank.
 */
export const STATUS_RANK: Readonly<Record<OrderStatus, number>> = {
  pending: 0,
  partial: 1,
  expired: 2,
  paid: 3,
  confirmed: 4,
  invalid: 4,
  complete: 5,
  declined: 5,
  refunded: 6,
};

/** Statuses in which the order holds no payment: a newer invoice for it may take over. */
export const UNPAID: ReadonlySet<OrderStatus> = new Set(['pending', 'partial', 'expired', 'declined']);

/** Statuses that can be refunded (BitPay refunds paid, confirmed and complete invoices). */
export const REFUNDABLE: ReadonlySet<OrderStatus> = new Set(['paid', 'confirmed', 'complete']);

/** The refund's state: `requesting` while the store's own call to BitPay runs. */
export type RefundState = 'requesting' | 'pending' | 'success' | 'failure' | 'cancelled';

export const REFUND_RANK: Readonly<Record<RefundState, number>> = {
  requesting: 1,
  pending: 2,
  success: 3,
  failure: 3,
  cancelled: 3,
};

interface InvoiceState {
  status: string;
  exceptionStatus: false | string;
  refund: { status: string } | null;
}

/**
 * What an invoice's state means for its order. A partly paid invoice is still `new` at BitPay: the order
 * says "partly paid" rather than taking a status it has no words for. (public/order.js does the same.)
 */
export function orderStatusOf(invoice: InvoiceState): OrderStatus {
  if (invoice.refund?.status === 'success') return 'refunded';
  switch (invoice.status) {
    case 'new':
      return invoice.exceptionStatus === 'paidPartial' ? 'partial' : 'pending';
    case 'paid':
    case 'confirmed':
    case 'complete':
    case 'expired':
    case 'invalid':
    case 'declined':
      return invoice.status;
    default:
      // Not a BitPay status: keep the order where it is (rank 0 never moves anything).
      return 'pending';
  }
}

export function refundStateOf(invoice: InvoiceState): RefundState | null {
  const s = invoice.refund?.status;
  return s === 'pending' || s === 'success' || s === 'failure' || s === 'cancelled' ? s : null;
}
