import { newId, newResourceToken } from '../crypto/ids.js';
import { codedError, invalidParam, missingParams } from '../errors.js';
import type { RequestContext, Route } from '../http/router.js';
import { isKnownCurrency } from '../money/currencies.js';
import type { SandboxState } from '../state/state.js';
import { optString } from './params.js';

const MERCHANT = { kind: 'token', facades: ['merchant'] } as const;
const SCHEDULES = ['weekly', 'monthly', 'quarterly', 'yearly'];
const STATUSES = ['draft', 'active', 'cancelled'];
/** A five-field cron expression (BitPay accepts one instead of a named schedule). */
const CRON = /^(\S+\s+){4}\S+$/;

function billData(ctx: RequestContext): Record<string, unknown> {
  const b = ctx.body.billData;
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw invalidParam('billData');
  const bd = b as Record<string, unknown>;
  if (typeof bd.currency !== 'string' || !isKnownCurrency(bd.currency)) throw invalidParam('billData.currency');
  if (typeof bd.email !== 'string' || !bd.email.includes('@')) throw invalidParam('billData.email');
  if (!Array.isArray(bd.items) || bd.items.length === 0) throw invalidParam('billData.items');
  return bd;
}

function schedule(ctx: RequestContext): string | undefined {
  const s = optString(ctx, 'schedule', 100);
  if (s !== undefined && !SCHEDULES.includes(s) && !CRON.test(s)) throw invalidParam('schedule');
  return s;
}

function nextDelivery(ctx: RequestContext): string | undefined {
  const v = optString(ctx, 'nextDelivery', 40);
  if (v === undefined) return undefined;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw invalidParam('nextDelivery');
  return new Date(ms).toISOString();
}

export function subscriptionRoutes(state: SandboxState): Route[] {
  const json = (s: Record<string, unknown>) => {
    const { creator: _c, ...rest } = s;
    return rest;
  };
  const find = (id: string, method: string) => {
    const s = state.subscriptions.get(id);
    if (!s) throw codedError('subscription_not_found', 404, `${method}0001`, 'Subscription not found');
    return s;
  };
  return [
    {
      method: 'POST',
      pattern: '/subscriptions',
      access: MERCHANT,
      handle: (ctx) => {
        const missing = ['billData', 'schedule'].filter((k) => ctx.body[k] === undefined);
        if (missing.length) throw missingParams(missing);
        const id = newId();
        const token = newResourceToken();
        const now = state.now();
        const sub = {
          id,
          status: 'draft',
          billData: billData(ctx),
          schedule: schedule(ctx),
          nextDelivery: nextDelivery(ctx) ?? new Date(now + 86_400_000).toISOString(),
          createdDate: new Date(now).toISOString(),
          token,
          creator: ctx.token!.token,
        };
        state.subscriptions.set(id, sub);
        state.tokens.addResource(token, 'subscription', id, ctx.token!.token);
        return { body: { facade: 'merchant/subscription', data: json(sub) } };
      },
    },
    {
      method: 'GET',
      pattern: '/subscriptions',
      access: MERCHANT,
      handle: (ctx) => {
        const status = optString(ctx, 'status', 20);
        if (status && !STATUSES.includes(status)) throw invalidParam('status');
        const list = [...state.subscriptions.values()].filter((s) => !status || s.status === status);
        return { body: { facade: 'merchant/subscription', data: list.map(json) } };
      },
    },
    {
      method: 'GET',
      pattern: '/subscriptions/:id',
      access: MERCHANT,
      handle: (ctx) => ({ body: { facade: 'merchant/subscription', data: json(find(ctx.params.id!, '02')) } }),
    },
    {
      method: 'PUT',
      pattern: '/subscriptions/:id',
      // Updated with the subscription's own resource token (§3.2); the merchant token works too.
      access: { kind: 'token', facades: ['merchant'], resources: ['subscription'] },
      handle: (ctx) => {
        const sub = find(ctx.params.id!, '03');
        if (ctx.resource && ctx.resource.id !== sub.id)
          throw codedError('invalid_token', 500, '030000', 'Invalid token');
        const status = optString(ctx, 'status', 20);
        if (status !== undefined && !STATUSES.includes(status)) throw invalidParam('status');
        if (ctx.body.billData !== undefined) sub.billData = billData(ctx);
        const sch = schedule(ctx);
        if (sch) sub.schedule = sch;
        const next = nextDelivery(ctx);
        if (next) sub.nextDelivery = next;
        if (status) sub.status = status;
        return { body: { facade: 'merchant/subscription', data: json(sub) } };
      },
    },
  ];
}
