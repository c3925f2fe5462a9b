import { newId, newResourceToken } from '../crypto/ids.js';
import { codedError, invalidParam, missingParams } from '../errors.js';
import type { RequestContext, Route } from '../http/router.js';
import { isKnownCurrency } from '../money/currencies.js';
import type { SandboxState } from '../state/state.js';
import { optDate, optString, page } from './params.js';
import { notifyPayout } from './payout-webhooks.js';

const PAYOUT = { kind: 'token', facades: ['payout'] } as const;
const ACK = { status: 'success', data: {}, message: null };
const STATUSES = ['new', 'funded', 'processing', 'complete', 'failed', 'cancelled', 'paid', 'unpaid'];

type Payout = Record<string, unknown>;

/** Validates one payout instruction; returns the payout or a reason it failed (as payout groups report). */
function buildPayout(
  state: SandboxState,
  input: Record<string, unknown>,
  creator: string,
  groupId?: string,
): Payout | string {
  const amount = input.amount;
  if (typeof amount !== 'number' || !(amount > 0)) return 'Amount is required';
  if (typeof input.currency !== 'string' || !isKnownCurrency(input.currency)) return 'Currency is required';
  if (typeof input.ledgerCurrency !== 'string' || !isKnownCurrency(input.ledgerCurrency)) {
    return 'Ledger currency is required';
  }
  const recipientId = typeof input.recipientId === 'string' ? input.recipientId : undefined;
  const email = typeof input.email === 'string' ? input.email : undefined;
  const shopperId = typeof input.shopperId === 'string' ? input.shopperId : undefined;
  if (!recipientId && !email && !shopperId) return 'Email, recipientId or shopperId is required';
  if (recipientId && !state.recipients.has(recipientId)) return 'Recipient not found';
  const now = new Date(state.now()).toISOString();
  const id = newId();
  const token = newResourceToken();
  const p: Payout = {
    id,
    recipientId,
    accountId: 'SandboxAccount1111111',
    shopperId,
    amount,
    currency: input.currency,
    ledgerCurrency: input.ledgerCurrency,
    email: email ?? (recipientId ? state.recipients.get(recipientId)!.email : undefined),
    reference: typeof input.reference === 'string' ? input.reference : undefined,
    label: typeof input.label === 'string' ? input.label : undefined,
    notificationURL: typeof input.notificationURL === 'string' ? input.notificationURL : undefined,
    notificationEmail: typeof input.notificationEmail === 'string' ? input.notificationEmail : undefined,
    effectiveDate: typeof input.effectiveDate === 'string' ? input.effectiveDate : now,
    requestDate: now,
    status: 'new',
    groupId,
    transactions: [],
    token,
    creator,
  };
  state.payouts.set(id, p);
  state.tokens.addResource(token, 'payout', id, creator);
  return p;
}

const json = (p: Payout) => {
  const { creator: _c, ...rest } = p;
  return rest;
};

export function payoutRoutes(state: SandboxState): Route[] {
  const find = (ctx: RequestContext, method: string) => {
    const p = state.payouts.get(ctx.params.id!);
    if (!p) throw codedError('payout_not_found', 404, `${method}0001`, 'Payout not found');
    return p;
  };
  return [
    {
      method: 'POST',
      pattern: '/payouts',
      access: PAYOUT,
      handle: (ctx) => {
        const missing = ['amount', 'currency', 'ledgerCurrency'].filter((k) => ctx.body[k] === undefined);
        if (missing.length) throw missingParams(missing);
        const p = buildPayout(state, ctx.body, ctx.token!.token);
        if (typeof p === 'string') throw codedError('invalid_parameter', 400, '010002', p);
        return { body: { facade: 'payout/payout', data: json(p), status: 'success', message: null } };
      },
    },
    {
      method: 'GET',
      pattern: '/payouts',
      access: PAYOUT,
      handle: (ctx) => {
        const start = optDate(ctx, 'startDate') ?? Number.NEGATIVE_INFINITY;
        const end = optDate(ctx, 'endDate', true) ?? Number.POSITIVE_INFINITY;
        const status = optString(ctx, 'status', 20);
        if (status && !STATUSES.includes(status)) throw invalidParam('status');
        const reference = optString(ctx, 'reference', 200);
        const list = [...state.payouts.values()].filter((p) => {
          const t = Date.parse(String(p.requestDate));
          return (
            t >= start && t <= end && (!status || p.status === status) && (!reference || p.reference === reference)
          );
        });
        return { body: { facade: 'payout/payout', data: page(ctx, list).map(json), status: 'success', message: null } };
      },
    },
    {
      method: 'POST',
      pattern: '/payouts/group',
      access: PAYOUT,
      handle: (ctx) => {
        const instructions = ctx.body.instructions;
        if (instructions === undefined) throw missingParams(['instructions']);
        if (!Array.isArray(instructions) || instructions.length === 0) throw invalidParam('instructions');
        const groupId = newId();
        const created: unknown[] = [];
        const failed: unknown[] = [];
        for (const raw of instructions) {
          const input = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
          const p = buildPayout(state, input, ctx.token!.token, groupId);
          if (typeof p === 'string') failed.push({ errMessage: p, payee: input.email ?? input.recipientId ?? null });
          else created.push(json(p));
        }
        return { body: { created, failed } };
      },
    },
    {
      method: 'DELETE',
      pattern: '/payouts/group/:groupId',
      access: PAYOUT,
      handle: (ctx) => {
        const cancelled: unknown[] = [];
        const failed: unknown[] = [];
        const members = [...state.payouts.values()].filter((p) => p.groupId === ctx.params.groupId);
        if (members.length === 0) throw codedError('payout_group_not_found', 404, '040001', 'Payout group not found');
        for (const p of members) {
          if (p.status === 'new' || p.status === 'funded') {
            p.status = 'cancelled';
            notifyPayout(state, p, 'cancelled');
            cancelled.push(json(p));
          } else failed.push({ errMessage: `Payout cannot be cancelled in status ${p.status}`, payoutId: p.id });
        }
        return { body: { cancelled, failed } };
      },
    },
    {
      method: 'GET',
      pattern: '/payouts/:id',
      access: PAYOUT,
      handle: (ctx) => ({
        body: { facade: 'payout/payout', data: json(find(ctx, '02')), status: 'success', message: null },
      }),
    },
    {
      method: 'DELETE',
      pattern: '/payouts/:id',
      access: PAYOUT,
      handle: (ctx) => {
        const p = find(ctx, '04');
        if (p.status !== 'new' && p.status !== 'funded') {
          throw codedError('invalid_payout_state', 400, '040002', 'Payout cannot be cancelled in its current status');
        }
        p.status = 'cancelled';
        notifyPayout(state, p, 'cancelled');
        return { body: ACK };
      },
    },
    {
      method: 'POST',
      pattern: '/payouts/:id/notifications',
      access: PAYOUT,
      handle: (ctx) => {
        notifyPayout(state, find(ctx, '01'), 'manual');
        return { body: ACK };
      },
    },
  ];
}
