import type { StatusChangeEvent } from '@bitpay-checkout/server-adapter';
import type { Decision, PaymentEvent } from './transitions.js';

/**
 * Which payment event an adapter status change is, or null when it means nothing for the order (an invoice
 * that is still new). Refund changes carry the adapter's refund key: `<invoice>:refund:<state>` for an invoice's
 * first refund, `<invoice>:refund:<refund id>:<state>` for one made again after a failed one.
 */
export function classify(event: StatusChangeEvent): PaymentEvent | null {
  const refund = event.invoice.refund;
  const key = event.idempotencyKey;
  if (refund && key.startsWith(`${event.invoiceId}:refund:`) && key.endsWith(`:${refund.status}`)) {
    if (refund.status === 'pending') return 'refundPending';
    if (refund.status === 'success') {
      return Number(refund.amount) >= event.invoice.price ? 'refundSuccess' : 'refundPartial';
    }
    return 'refundFailed';
  }
  switch (event.status) {
    case 'new':
      return event.exceptionStatus === 'paidPartial' ? 'partlyPaid' : null;
    case 'paid':
    case 'confirmed':
    case 'complete':
    case 'invalid':
    case 'declined':
      return event.status;
    case 'expired':
      return event.exceptionStatus === false ? 'expired' : 'expiredPaid';
    default:
      return null;
  }
}

function paidText(e: StatusChangeEvent): string {
  const v = e.invoice;
  return v.transactionCurrency ? `${v.amountPaid} ${v.transactionCurrency}` : `${v.price} ${v.currency}`;
}

/** The order note for an event: what BitPay said, in words a merchant acts on. */
export function describe(kind: PaymentEvent, e: StatusChangeEvent, expiredTarget: string): string {
  const id = e.invoiceId;
  const v = e.invoice;
  const over =
    v.exceptionStatus === 'paidOver' && v.overpaidAmount
      ? ` Overpaid by ${v.overpaidAmount} ${v.transactionCurrency}.`
      : '';
  const refund = v.refund ? `${v.refund.amount} ${v.refund.currency}` : '';
  switch (kind) {
    case 'partlyPaid':
      return `BitPay invoice ${id}: partly paid (${paidText(e)}); ${v.amountDue ?? 'the rest'} ${v.transactionCurrency ?? ''} still due.`.replace(
        / +\./,
        '.',
      );
    case 'paid':
      return `BitPay invoice ${id}: payment received (${paidText(e)}), awaiting confirmation.${over}`;
    case 'confirmed':
      return `BitPay invoice ${id}: payment confirmed.${over}`;
    case 'complete':
      return `BitPay invoice ${id}: payment complete (credited to the merchant account).${over}`;
    case 'expired':
      return expiredTarget === 'cancelled'
        ? `BitPay invoice ${id} expired unpaid.`
        : `BitPay invoice ${id} expired unpaid; the order stays pending and the shopper can start a new invoice.`;
    case 'expiredPaid':
      return `BitPay invoice ${id} expired ${v.exceptionStatus === 'paidPartial' ? 'with a partial' : 'and then received a'} payment (${paidText(e)}). BitPay refunds the buyer; do not fulfil this order on that payment.`;
    case 'invalid':
      return `BitPay invoice ${id} is invalid: the payment was not confirmed in time. Check it in your BitPay account before fulfilling.`;
    case 'declined':
      return `BitPay invoice ${id} was declined.`;
    case 'refundPending':
      return `BitPay refund of ${refund} (invoice ${id}) is pending: BitPay asks the buyer where to send it.`;
    case 'refundSuccess':
    case 'refundPartial':
      return `BitPay refunded ${refund} (invoice ${id}).`;
    case 'refundFailed':
      return `BitPay refund of ${refund} (invoice ${id}) ended as ${v.refund?.status}: the buyer was not refunded.`;
  }
}

const WHY: Record<string, string> = {
  final: 'it is final',
  already: 'it is already there',
  backwards: 'that would be a step back',
  'unknown-status': 'its status is not one the bridge moves',
};

/** The sentence added when the event leaves the order where it is. */
export function outcomeSuffix(decision: Decision, current: string): string {
  if (decision.action !== 'none') return '';
  const why = WHY[decision.reason];
  return why ? ` The order stays ${current} (${why}).` : '';
}
