import { randomUUID } from 'node:crypto';
import type { Refund } from '@bitpay-checkout/bitpay-client';
import { AdapterError } from '../errors/errors.js';
import { fromUpstream } from '../errors/upstream.js';
import { applyFetched } from '../invoices/apply.js';
import type { AdapterContext } from '../invoices/context.js';
import { refundView } from '../invoices/sync.js';
import type { RefundView } from '../view/types.js';

export interface RefundOptions {
  /** In the invoice's currency; default: the whole price. */
  amount?: number;
}

export interface RefundResult {
  invoiceId: string;
  refundId: string;
  refund: RefundView;
}

const REFUNDABLE = new Set(['paid', 'confirmed', 'complete']);

/**
 * Refunds an order's paid invoice (merchant facade). Server-side only: no browser route reaches it. The
 * refund's state then shows in the public view, the SSE stream and onStatusChange.
 */
export async function refundOrder(
  ctx: AdapterContext,
  orderId: string,
  options: RefundOptions = {},
): Promise<RefundResult> {
  if (typeof orderId !== 'string' || orderId === '')
    throw new AdapterError('INVALID_REQUEST', 'refund needs an orderId.');
  if (typeof options !== 'object' || options === null)
    throw new AdapterError('INVALID_REQUEST', 'refund options must be an object.');
  for (const k of Object.keys(options)) {
    if (k !== 'amount') throw new AdapterError('INVALID_REQUEST', `refund: unknown option "${k}".`);
  }
  await ctx.ready;
  const record = await ctx.store.latestInvoiceForOrder(orderId);
  if (!record) throw new AdapterError('ORDER_NOT_FOUND', `No invoice for order ${orderId}.`);
  if (!REFUNDABLE.has(record.status)) {
    throw new AdapterError(
      'REFUND_NOT_ALLOWED',
      `Invoice ${record.id} is ${record.status}; only paid invoices can be refunded.`,
    );
  }
  const existing = record.view.refund?.status;
  if (existing === 'pending' || existing === 'success') {
    throw new AdapterError('REFUND_NOT_ALLOWED', `Invoice ${record.id} already has a ${existing} refund.`);
  }
  if (!ctx.opts.tokens.merchant) throw new AdapterError('REFUND_NOT_ALLOWED', 'Refunds need a merchant token.');
  const amount = options.amount ?? record.price;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0 || amount > record.price) {
    throw new AdapterError('INVALID_REQUEST', `refund amount must be > 0 and ≤ ${record.price}.`);
  }
  let refund: Refund;
  try {
    refund = await ctx.client.createRefund({
      invoiceId: record.id,
      amount,
      currency: record.currency,
      guid: randomUUID(),
    });
  } catch (err) {
    throw fromUpstream(err, 'creating the refund');
  }
  const view = refundView(refund, { amount, currency: record.currency });
  const refundId = String(refund.id);
  await applyFetched(ctx, record, null, { id: refundId, view });
  return { invoiceId: record.id, refundId, refund: view };
}
