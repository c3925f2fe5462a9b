import type { InvoiceRecord } from '../store/types.js';
import type { StoredView } from '../view/types.js';

/** An invoice's first stored record (created here or adopted): its first view, sequence 1, no refund yet. */
export function firstRecord(
  fields: Pick<InvoiceRecord, 'id' | 'orderId' | 'guid' | 'facade' | 'price' | 'currency'>,
  view: StoredView,
  now: number,
): InvoiceRecord {
  return {
    ...fields,
    status: view.status,
    exceptionStatus: view.exceptionStatus,
    confirmations: view.confirmations,
    seq: 1,
    view,
    refundId: null,
    createdAt: now,
    updatedAt: now,
  };
}
