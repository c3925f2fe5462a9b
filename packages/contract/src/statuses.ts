import type { InvoiceStatus, RefundStatus } from './view.js';

/** Every invoice status, in BitPay's forward order (protocol §4.2). */
export const INVOICE_STATUSES = [
  'new',
  'paid',
  'confirmed',
  'complete',
  'expired',
  'invalid',
  'declined',
] as const satisfies readonly InvoiceStatus[];

/** Statuses BitPay never moves an invoice out of. */
export const FINAL_STATUSES = ['complete', 'expired', 'declined'] as const satisfies readonly InvoiceStatus[];

export const REFUND_STATUSES = [
  'pending',
  'success',
  'cancelled',
  'failure',
] as const satisfies readonly RefundStatus[];

export function isInvoiceStatus(value: unknown): value is InvoiceStatus {
  return typeof value === 'string' && (INVOICE_STATUSES as readonly string[]).includes(value);
}

export function isFinalStatus(status: InvoiceStatus): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

/**
 * Whether the adapter ends an invoice's stream after this view: nothing more will change for the shopper.
 * A refund still pending keeps it open so its outcome reaches the page; a successful refund ends it. An expired
 * invoice stays open while its monitoring window runs (`now`, default the view's `serverTime`, is before
 * `monitoringUntil`): a payment may still arrive late.
 */
export function isTerminalView(
  view: {
    status: InvoiceStatus;
    refund: { status: RefundStatus } | null;
    monitoringUntil?: number | null;
    serverTime?: number;
  },
  now: number | undefined = view.serverTime,
): boolean {
  if (view.refund?.status === 'success') return true;
  if (!isFinalStatus(view.status) || view.refund?.status === 'pending') return false;
  const until = view.monitoringUntil ?? null;
  return !(view.status === 'expired' && until !== null && (now === undefined || now < until));
}
