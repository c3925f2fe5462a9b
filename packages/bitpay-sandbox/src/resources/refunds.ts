import { newId, newResourceToken } from '../crypto/ids.js';
import { ApiError, codedError, invalidParam, missingParams, SandboxError } from '../errors.js';
import type { RequestContext, Route } from '../http/router.js';
import { findCrypto } from '../money/currencies.js';
import { div, mul, ratio, toNumber } from '../money/decimal.js';
import { rate } from '../money/rates.js';
import type { SandboxState } from '../state/state.js';
import type { Refund } from '../state/types.js';
import { notify } from './invoices/lifecycle.js';
import { debitRefund } from './ledger-book.js';
import { optBool, optNumber, optString } from './params.js';

const MERCHANT = { kind: 'token', facades: ['merchant'] } as const;
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function refundJson(r: Refund): Record<string, unknown> {
  return {
    guid: r.guid,
    id: r.id,
    invoice: r.invoiceId,
    reference: r.reference,
    status: r.status,
    amount: r.amount,
    transactionCurrency: r.transactionCurrency,
    transactionAmount: r.transactionAmount,
    transactionRefundFee: r.transactionRefundFee,
    currency: r.currency,
    lastRefundNotification: iso(r.lastRefundNotification),
    refundFee: r.refundFee,
    immediate: r.immediate,
    buyerPaysRefundFee: r.buyerPaysRefundFee,
    requestDate: iso(r.requestDate),
    token: r.token,
  };
}

const ACTIVE = new Set(['preview', 'created', 'pending', 'success']);

export type ManualRefundStatus = 'pending' | 'success' | 'failure';

/** Where the cheat panel can move a refund from its status: created → pending → success | failure. */
export function nextRefundStatuses(r: Refund): ManualRefundStatus[] {
  if (r.status === 'created') return ['pending', 'success', 'failure'];
  if (r.status === 'pending') return ['success', 'failure'];
  return [];
}

/** Moves a refund (cheat panel): created → pending → success | failure. Success credits the buyer and debits the ledger. */
export function setRefundStatus(state: SandboxState, id: string, status: ManualRefundStatus) {
  const r = state.refunds.get(id);
  if (!r) throw new SandboxError('refund_not_found', `no refund ${id}`);
  const from = r.status;
  if (!nextRefundStatuses(r).includes(status)) {
    throw new SandboxError('invalid_refund_state', `refund ${id} cannot go from ${from} to ${status}`);
  }
  r.status = status;
  if (status === 'success') {
    const inv = state.invoices.get(r.invoiceId)!;
    inv.refundedPrice += r.amount;
    debitRefund(state, inv, r.amount);
    r.lastRefundNotification = state.now();
    notify(state, inv, 1016);
  }
  return refundJson(r);
}

function notFound(method: string): ApiError {
  return codedError('refund_not_found', 404, `${method}0201`, 'Refund not found');
}

export function refundRoutes(state: SandboxState): Route[] {
  const byId = (ctx: RequestContext, method: string) => {
    const r = state.refunds.get(ctx.params.id!);
    if (!r) throw notFound(method);
    return r;
  };
  const byGuid = (ctx: RequestContext, method: string) => {
    const r = [...state.refunds.values()].find((x) => x.guid === ctx.params.guid);
    if (!r) throw notFound(method);
    return r;
  };
  const update = (ctx: RequestContext, r: Refund) => {
    const status = optString(ctx, 'status', 20);
    if (!status) throw missingParams(['status']);
    if (status !== 'created') throw invalidParam('status');
    if (r.status !== 'preview') throw codedError('invalid_refund_state', 400, '030202', 'Refund is not a preview');
    r.status = 'created';
    return { body: { data: refundJson(r) } };
  };
  const cancelRefund = (r: Refund) => {
    if (r.status !== 'preview' && r.status !== 'created') {
      throw codedError('invalid_refund_state', 400, '040202', 'Invalid refund state for cancel');
    }
    r.status = 'cancelled';
    return { body: { data: refundJson(r) } };
  };
  return [
    {
      method: 'POST',
      pattern: '/refunds',
      access: MERCHANT,
      handle: (ctx) => {
        const missing = ['invoiceId', 'amount'].filter((k) => ctx.body[k] === undefined || ctx.body[k] === null);
        if (missing.length) throw missingParams(missing);
        const invoiceId = optString(ctx, 'invoiceId', 100)!;
        const amount = optNumber(ctx, 'amount')!;
        const guid = optString(ctx, 'guid', 200);
        if (guid) {
          const existing = [...state.refunds.values()].find((x) => x.guid === guid);
          if (existing) return { body: { data: refundJson(existing) } };
        }
        const inv = state.invoices.get(invoiceId);
        if (!inv) throw codedError('invoice_not_found', 404, '010101', 'Invoice not found');
        const refundable =
          ['paid', 'confirmed', 'complete'].includes(inv.status) ||
          (inv.status === 'expired' && inv.amountPaid > 0n) ||
          (inv.status === 'declined' && inv.amountPaid > 0n);
        if (!refundable || !inv.transactionCurrency) {
          throw codedError('invalid_invoice_state', 400, '010207', 'Invalid invoice state for refund');
        }
        const currency = optString(ctx, 'currency', 10) ?? inv.currency;
        if (currency !== inv.currency) throw codedError('invalid_parameter', 400, '010202', 'Invalid currency');
        const already = [...state.refunds.values()]
          .filter((r) => r.invoiceId === inv.id && ACTIVE.has(r.status))
          .reduce((a, r) => a + r.amount, 0);
        if (amount <= 0 || amount > inv.price - already + 1e-9) {
          throw codedError('invalid_parameter', 400, '010202', 'Invalid refund amount');
        }
        const c = findCrypto(inv.transactionCurrency)!;
        const txAmount = toNumber(div(ratio(amount), rate(c.code, inv.currency)!), c.precision);
        const fee = toNumber(div(ratio(c.minerFee.totalFee.toString()), ratio(`1e${c.decimals}`)), c.decimals);
        const r: Refund = {
          id: newId(),
          token: newResourceToken(),
          creator: ctx.token!.token,
          guid,
          invoiceId: inv.id,
          reference: optString(ctx, 'reference', 100),
          status: optBool(ctx, 'preview') ? 'preview' : 'created',
          amount,
          currency,
          transactionCurrency: c.code,
          transactionAmount: txAmount,
          transactionRefundFee: fee,
          refundFee: toNumber(mul(ratio(fee), rate(c.code, inv.currency)!), 2),
          immediate: optBool(ctx, 'immediate') ?? false,
          buyerPaysRefundFee: optBool(ctx, 'buyerPaysRefundFee') ?? false,
          requestDate: state.now(),
          // BitPay notifies the buyer when the refund request is made.
          lastRefundNotification: state.now(),
        };
        state.refunds.set(r.id, r);
        state.tokens.addResource(r.token, 'refund', r.id, ctx.token!.token);
        return { body: { data: refundJson(r) } };
      },
    },
    {
      method: 'GET',
      pattern: '/refunds',
      access: MERCHANT,
      handle: (ctx) => {
        const invoiceId = optString(ctx, 'invoiceId', 100);
        if (!invoiceId) throw missingParams(['invoiceId']);
        const list = [...state.refunds.values()].filter((r) => r.invoiceId === invoiceId);
        return { body: { data: list.map(refundJson) } };
      },
    },
    {
      method: 'GET',
      pattern: '/refunds/guid/:guid',
      access: MERCHANT,
      handle: (ctx) => ({ body: { data: refundJson(byGuid(ctx, '02')) } }),
    },
    {
      method: 'PUT',
      pattern: '/refunds/guid/:guid',
      access: MERCHANT,
      handle: (ctx) => update(ctx, byGuid(ctx, '03')),
    },
    {
      method: 'DELETE',
      pattern: '/refunds/guid/:guid',
      access: MERCHANT,
      handle: (ctx) => cancelRefund(byGuid(ctx, '04')),
    },
    {
      method: 'GET',
      pattern: '/refunds/:id',
      access: MERCHANT,
      handle: (ctx) => ({ body: { data: refundJson(byId(ctx, '02')) } }),
    },
    { method: 'PUT', pattern: '/refunds/:id', access: MERCHANT, handle: (ctx) => update(ctx, byId(ctx, '03')) },
    { method: 'DELETE', pattern: '/refunds/:id', access: MERCHANT, handle: (ctx) => cancelRefund(byId(ctx, '04')) },
    {
      method: 'POST',
      pattern: '/refunds/:id/notifications',
      access: { kind: 'token', facades: ['merchant'], resources: ['refund'] },
      handle: (ctx) => {
        const r = byId(ctx, '01');
        if (ctx.resource?.kind !== 'refund' || ctx.resource.id !== r.id) {
          throw new ApiError('invalid_token', 500, { error: 'Invalid token' });
        }
        r.lastRefundNotification = state.now();
        return { body: { status: 'success', data: {}, message: null } };
      },
    },
  ];
}
