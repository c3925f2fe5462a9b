import { newId, newResourceToken } from '../crypto/ids.js';
import { codedError, invalidParam, missingParams } from '../errors.js';
import type { RequestContext, Route } from '../http/router.js';
import type { SandboxState } from '../state/state.js';
import { optString, optUrl, page } from './params.js';
import { notifyRecipient } from './payout-webhooks.js';

const PAYOUT = { kind: 'token', facades: ['payout'] } as const;
const ACK = { status: 'success', data: {}, message: null };
const STATUSES = ['invited', 'unverified', 'verified', 'active', 'paused', 'removed'];

const json = (r: Record<string, unknown>) => {
  const { creator: _c, notificationURL: _n, ...rest } = r;
  return rest;
};

export function recipientRoutes(state: SandboxState): Route[] {
  const find = (ctx: RequestContext, method: string) => {
    const r = state.recipients.get(ctx.params.id!);
    if (!r) throw codedError('recipient_not_found', 404, `${method}0001`, 'Recipient not found');
    return r;
  };
  const reply = (r: Record<string, unknown>) => ({ body: { facade: 'payout/recipient', data: json(r) } });
  return [
    {
      method: 'POST',
      pattern: '/recipients',
      access: PAYOUT,
      handle: (ctx) => {
        const list = ctx.body.recipients;
        if (list === undefined) throw missingParams(['recipients']);
        if (!Array.isArray(list) || list.length === 0) throw invalidParam('recipients');
        const inputs = list.map((x) => {
          const r = x as Record<string, unknown>;
          if (!r || typeof r !== 'object' || typeof r.email !== 'string' || !r.email.includes('@')) {
            throw invalidParam('recipients');
          }
          return r;
        });
        const created = inputs.map((r) => {
          const id = newId();
          const token = newResourceToken();
          const rec = {
            email: r.email,
            label: typeof r.label === 'string' ? r.label : undefined,
            status: 'invited',
            id,
            shopperId: null,
            token,
            notificationURL: typeof r.notificationURL === 'string' ? r.notificationURL : undefined,
            creator: ctx.token!.token,
          };
          state.recipients.set(id, rec);
          notifyRecipient(state, rec, 'invited');
          state.tokens.addResource(token, 'recipient', id, ctx.token!.token);
          return json(rec);
        });
        return { body: { facade: 'payout/recipient', data: created } };
      },
    },
    {
      method: 'GET',
      pattern: '/recipients',
      access: PAYOUT,
      handle: (ctx) => {
        const status = optString(ctx, 'status', 20);
        if (status && !STATUSES.includes(status)) throw invalidParam('status');
        const list = [...state.recipients.values()].filter((r) => !status || r.status === status);
        return { body: { facade: 'payout/recipient', data: page(ctx, list).map(json) } };
      },
    },
    { method: 'GET', pattern: '/recipients/:id', access: PAYOUT, handle: (ctx) => reply(find(ctx, '02')) },
    {
      method: 'PUT',
      pattern: '/recipients/:id',
      access: PAYOUT,
      handle: (ctx) => {
        const r = find(ctx, '03');
        const label = optString(ctx, 'label', 200);
        const url = optUrl(ctx, 'notificationURL');
        if (label !== undefined) r.label = label;
        if (url !== undefined) r.notificationURL = url;
        return reply(r);
      },
    },
    {
      method: 'DELETE',
      pattern: '/recipients/:id',
      access: PAYOUT,
      handle: (ctx) => {
        const r = find(ctx, '04');
        r.status = 'removed';
        notifyRecipient(state, r, 'removed');
        return { body: ACK };
      },
    },
    {
      method: 'POST',
      pattern: '/recipients/:id/notifications',
      access: PAYOUT,
      handle: (ctx) => {
        notifyRecipient(state, find(ctx, '01'), 'manual');
        return { body: ACK };
      },
    },
  ];
}
