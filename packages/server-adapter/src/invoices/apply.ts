import { canAdvance, canAdvanceRefund } from '../state/machine.js';
import type { InvoiceRecord, OutboxEntry } from '../store/types.js';
import { compareDecimal } from '../view/decimal.js';
import { buildView, finalizeView, type UpstreamInvoice, viewChanged } from '../view/public-view.js';
import type { RefundStatus, RefundView } from '../view/types.js';
import { isAdopted } from './adopt.js';
import type { AdapterContext } from './context.js';

export type ApplyOutcome = 'applied' | 'unchanged';

/** Stable per (invoice, status, exception): what the merchant deduplicates on. */
export function statusKey(r: Pick<InvoiceRecord, 'id' | 'status' | 'exceptionStatus'>): string {
  return r.exceptionStatus === false ? `${r.id}:${r.status}` : `${r.id}:${r.status}:${r.exceptionStatus}`;
}

/** Whether the refund state changed: another state, or another refund (the merchant refunded again after a failure). */
function refundChanged(before: InvoiceRecord, after: InvoiceRecord): boolean {
  return (
    after.view.refund !== null &&
    (after.view.refund.status !== before.view.refund?.status || after.refundId !== before.refundId)
  );
}

/**
 * The key of a refund state. An invoice's first refund keeps `<invoice>:refund:<status>`; a later one carries its
 * own id, so its `pending` (or `failure`) is not taken for a repeat of the first refund's and dropped.
 */
function refundKey(r: Pick<InvoiceRecord, 'id' | 'refundId' | 'view'>, status: RefundStatus): string {
  const first = r.view.firstRefundId ?? r.refundId;
  return r.refundId === null || r.refundId === first
    ? `${r.id}:refund:${status}`
    : `${r.id}:refund:${r.refundId}:${status}`;
}

/**
 * More money arrived on an expired invoice that had been paid after its expiry, its status and exception staying as
 * they were (a second late partial payment): the merchant hears of it too, as BitPay refunds it. Open invoices paid
 * in parts are told once per status, as before.
 */
function latePaymentGrew(before: InvoiceRecord, after: InvoiceRecord): boolean {
  return (
    after.status === 'expired' &&
    after.view.paidAfterExpiry === true &&
    compareDecimal(after.view.amountPaid, before.view.amountPaid) > 0
  );
}

function statusChanged(before: InvoiceRecord, after: InvoiceRecord): boolean {
  return before.status !== after.status || before.exceptionStatus !== after.exceptionStatus;
}

/** Whether the change is one `onStatusChange` hears about (status, exception, late money or refund state). */
function notifies(before: InvoiceRecord, after: InvoiceRecord): boolean {
  return statusChanged(before, after) || latePaymentGrew(before, after) || refundChanged(before, after);
}

function outboxFor(ctx: AdapterContext, before: InvoiceRecord, after: InvoiceRecord, current: boolean): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  // The merchant's onStatusChange hears of its orders only; an adopted invoice belongs to none.
  if (isAdopted(after)) return entries;
  const invoice = finalizeView(after.view, ctx.opts.mountPath, ctx.opts.now());
  const base = {
    invoiceId: after.id,
    orderId: after.orderId,
    current,
    status: after.status,
    exceptionStatus: after.exceptionStatus,
    previousStatus: before.status,
    invoice,
  };
  if (statusChanged(before, after)) {
    const key = statusKey(after);
    entries.push({ key, invoiceId: after.id, event: { idempotencyKey: key, ...base } });
  } else if (latePaymentGrew(before, after)) {
    // The amount makes the key: each further late payment is news of its own.
    const key = `${statusKey(after)}:${after.view.amountPaid}`;
    entries.push({ key, invoiceId: after.id, event: { idempotencyKey: key, ...base } });
  }
  const refund = after.view.refund;
  if (refund && refundChanged(before, after)) {
    const key = refundKey(after, refund.status);
    entries.push({ key, invoiceId: after.id, event: { idempotencyKey: key, ...base } });
  }
  return entries;
}

/**
 * Moves a stored invoice to a state fetched from BitPay, if that is a step forward (monotonic), as a
 * compare-and-set; a lost race re-reads and decides again. `refund` replaces the refund state when given.
 */
export async function applyFetched(
  ctx: AdapterContext,
  start: InvoiceRecord,
  fetched: UpstreamInvoice | null,
  refund?: { id: string; view: RefundView },
): Promise<ApplyOutcome> {
  let current: InvoiceRecord | null = start;
  for (let attempt = 0; attempt < 20 && current; attempt++) {
    let view = current.view;
    if (fetched) {
      let candidate = buildView(fetched, {
        orderId: current.orderId,
        price: current.price,
        currency: current.currency,
        receiptUrl: current.view.receiptUrl,
        refund: current.view.refund,
        fetchedAt: ctx.opts.now(),
        monitoringWindowMs: ctx.opts.monitoringWindowMs,
      });
      // Money seen arriving on an invoice already stored as expired is late, whatever BitPay's timestamps say.
      if (
        current.view.paidAfterExpiry === true ||
        (current.status === 'expired' &&
          candidate.status === 'expired' &&
          compareDecimal(candidate.amountPaid, current.view.amountPaid) > 0)
      ) {
        candidate = { ...candidate, paidAfterExpiry: true };
      }
      // Kept from the stored view: BitPay's invoice does not say which refund came first.
      if (current.view.firstRefundId !== undefined)
        candidate = { ...candidate, firstRefundId: current.view.firstRefundId };
      if (canAdvance(current, candidate)) view = candidate;
    }
    let refundId = current.refundId;
    if (
      refund &&
      (refund.id !== current.refundId || canAdvanceRefund(current.view.refund?.status ?? null, refund.view.status))
    ) {
      // Records from before firstRefundId was kept: their refund, if any, was the first.
      view = {
        ...view,
        refund: refund.view,
        firstRefundId: current.view.firstRefundId ?? current.refundId ?? refund.id,
      };
      refundId = refund.id;
    }
    if (!viewChanged(current.view, view)) return 'unchanged';
    const next: InvoiceRecord = {
      ...current,
      status: view.status,
      exceptionStatus: view.exceptionStatus,
      confirmations: view.confirmations,
      view,
      refundId,
      seq: current.seq + 1,
      updatedAt: ctx.opts.now(),
    };
    // Whether the invoice is still its order's latest, so a hook can tell a superseded invoice's news from the order's.
    const isCurrent = notifies(current, next)
      ? (await ctx.store.latestInvoiceForOrder(current.orderId))?.id === current.id
      : true;
    if (await ctx.store.updateInvoice(next, current.seq, outboxFor(ctx, current, next, isCurrent))) {
      ctx.kickOutbox();
      return 'applied';
    }
    current = await ctx.store.getInvoice(current.id);
  }
  return 'unchanged';
}
