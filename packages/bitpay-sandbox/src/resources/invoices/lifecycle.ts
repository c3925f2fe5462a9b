import { newTxid } from '../../crypto/ids.js';
import { SandboxError } from '../../errors.js';
import { INVOICE_EVENTS, type InvoiceEventCode } from '../../ipn/events.js';
import { findCrypto } from '../../money/currencies.js';
import type { SandboxState } from '../../state/state.js';
import type { Invoice, InvoiceStatus } from '../../state/types.js';
import { creditLedger } from '../ledger-book.js';
import { roundUpToStep } from './amounts.js';
import { confirmations, ipnData, targetConfirmations } from './view.js';

/** Which IPNs an invoice asked for (§4.3): standard = paid/confirmed/complete; extended adds the rest. */
function wants(inv: Invoice, code: InvoiceEventCode): boolean {
  if (code === 1012 || inv.extendedNotifications) return true;
  if (inv.fullNotifications) return code === 1003 || code === 1005 || code === 1006;
  // fullNotifications:false: a single IPN when the invoice is confirmed (or complete, for speeds that skip confirmed).
  return code === 1005 || (code === 1006 && inv.transactionSpeed === 'low');
}

/** Queues an IPN for `code` to the invoice's notificationURL (if it has one and asked for it). */
export function notify(state: SandboxState, inv: Invoice, code: InvoiceEventCode): void {
  if (!inv.notificationURL || !wants(inv, code)) return;
  const event = { code, name: INVOICE_EVENTS[code] };
  state.ipn.send({
    invoiceId: inv.id,
    url: inv.notificationURL,
    signingToken: inv.creator,
    event,
    body: () => (inv.extendedNotifications ? { event, data: ipnData(state, inv) } : ipnData(state, inv)),
  });
}

const EVENT_OF: Partial<Record<InvoiceStatus, InvoiceEventCode>> = {
  paid: 1003,
  confirmed: 1005,
  complete: 1006,
  expired: 1004,
  invalid: 1013,
  declined: 1019,
};

function moveTo(state: SandboxState, inv: Invoice, status: InvoiceStatus): void {
  inv.status = status;
  const code = EVENT_OF[status];
  if (code) notify(state, inv, code);
  if (status === 'complete') creditLedger(state, inv);
}

/** Applies block confirmations: medium confirms at 1, every speed completes at targetConfirmations. */
export function evaluate(state: SandboxState, inv: Invoice): void {
  for (;;) {
    const conf = confirmations(inv, state.now());
    const target = targetConfirmations(inv);
    if (inv.status === 'paid' && inv.transactionSpeed === 'medium' && conf >= 1) moveTo(state, inv, 'confirmed');
    else if ((inv.status === 'paid' || inv.status === 'confirmed') && conf >= target) moveTo(state, inv, 'complete');
    else return;
  }
}

/** Schedules re-evaluation at the sandbox times when the next thresholds (1 block, target) are reached. */
function scheduleBlocks(state: SandboxState, inv: Invoice): void {
  const last = inv.payments[inv.payments.length - 1];
  if (!last) return;
  const block = findCrypto(last.currency)!.blockMs;
  for (const need of [1, targetConfirmations(inv)]) {
    const at = last.receivedAt + Math.max(0, need - inv.extraConfirmations) * block;
    if (at > state.now()) state.clock.schedule(at, () => evaluate(state, inv));
  }
}

/** Schedules expiry at the end of the acceptance window. */
export function scheduleExpiry(state: SandboxState, inv: Invoice): void {
  state.clock.schedule(inv.expirationTime, () => {
    if (inv.status === 'new') moveTo(state, inv, 'expired');
  });
}

export type PayAmount = 'full' | 'partial' | 'over';

/**
 * A buyer pays: `full` pays what is still due, `partial` half of it, `over` 10 % more. Paying an expired
 * invoice is a late payment: it stays expired and exceptionStatus reflects the amount.
 */
export function pay(state: SandboxState, inv: Invoice, kind: PayAmount, currency?: string): void {
  if (inv.status !== 'new' && inv.status !== 'expired') {
    throw new SandboxError(
      'invalid_invoice_state',
      `invoice ${inv.id} is ${inv.status}; only new or expired invoices take payments`,
    );
  }
  if (inv.isCancelled) throw new SandboxError('invalid_invoice_state', `invoice ${inv.id} was cancelled`);
  const code =
    currency ??
    inv.transactionCurrency ??
    (typeof inv.echo.forcedBuyerSelectedTransactionCurrency === 'string'
      ? inv.echo.forcedBuyerSelectedTransactionCurrency
      : undefined) ??
    inv.enabled[0]!;
  if (!inv.enabled.includes(code)) {
    throw new SandboxError('invalid_currency', `invoice ${inv.id} does not accept ${code}`);
  }
  if (inv.transactionCurrency && inv.transactionCurrency !== code) {
    throw new SandboxError('invalid_currency', `invoice ${inv.id} was already paid in ${inv.transactionCurrency}`);
  }
  const c = findCrypto(code)!;
  const total = inv.amounts.get(code)!.total;
  const due = total > inv.amountPaid ? total - inv.amountPaid : 0n;
  let amount: bigint;
  if (kind === 'full') amount = due;
  else if (kind === 'partial') amount = roundUpToStep(due / 2n, c);
  else amount = due + roundUpToStep(total / 10n, c);
  if (amount <= 0n) amount = roundUpToStep(1n, c);
  const now = state.now();
  inv.payments.push({ currency: code, amount, receivedAt: now, txid: newTxid() });
  inv.transactionCurrency = code;
  inv.buyerProvidedInfo.selectedTransactionCurrency = code;
  inv.amountPaid += amount;

  if (inv.status === 'expired') {
    inv.exceptionStatus = inv.amountPaid < total ? 'paidPartial' : 'paidOver';
    return;
  }
  if (inv.amountPaid < total) {
    inv.exceptionStatus = 'paidPartial';
    return;
  }
  inv.exceptionStatus = inv.amountPaid > total ? 'paidOver' : false;
  moveTo(state, inv, inv.transactionSpeed === 'high' ? 'confirmed' : 'paid');
  scheduleBlocks(state, inv);
  evaluate(state, inv);
}

/** Adds confirmations on top of the simulated blocks, then applies them. */
export function addConfirmations(state: SandboxState, inv: Invoice, count: number): void {
  inv.extraConfirmations += count;
  evaluate(state, inv);
}

export type ForcedStatus = 'confirmed' | 'complete' | 'invalid' | 'declined' | 'expired';

/**
 * Moves an invoice as the cheat panel asks, through the statuses BitPay would pass (an unpaid invoice is paid
 * in full first for confirmed/complete); refuses moves BitPay never makes.
 */
export function forceStatus(state: SandboxState, inv: Invoice, status: ForcedStatus): void {
  const refuse = () => {
    throw new SandboxError('invalid_invoice_state', `invoice ${inv.id} cannot go from ${inv.status} to ${status}`);
  };
  switch (status) {
    case 'expired':
      if (inv.status !== 'new') refuse();
      moveTo(state, inv, 'expired');
      return;
    case 'confirmed':
    case 'complete': {
      if (inv.status === 'new') pay(state, inv, 'full');
      if (status === 'confirmed') {
        if (inv.status === 'confirmed') return;
        if (inv.status !== 'paid') refuse();
        inv.extraConfirmations = Math.max(inv.extraConfirmations, 1);
        moveTo(state, inv, 'confirmed');
        return;
      }
      if (inv.status === 'complete') return;
      if (inv.status !== 'paid' && inv.status !== 'confirmed' && inv.status !== 'invalid') refuse();
      if (inv.status === 'paid' && inv.transactionSpeed === 'medium') moveTo(state, inv, 'confirmed');
      inv.extraConfirmations = Math.max(inv.extraConfirmations, targetConfirmations(inv));
      moveTo(state, inv, 'complete');
      return;
    }
    case 'invalid':
      if (inv.status !== 'paid' && inv.status !== 'confirmed') refuse();
      moveTo(state, inv, 'invalid');
      return;
    case 'declined':
      if (!['new', 'paid', 'confirmed', 'invalid'].includes(inv.status)) refuse();
      moveTo(state, inv, 'declined');
      return;
  }
}

/** Cancels a new invoice (→ expired, isCancelled); a partly paid one needs forceCancel. Returns false if refused. */
export function cancel(state: SandboxState, inv: Invoice, force: boolean): boolean {
  if (inv.status !== 'new') return false;
  if (inv.exceptionStatus === 'paidPartial' && !force) return false;
  inv.isCancelled = true;
  moveTo(state, inv, 'expired');
  return true;
}
