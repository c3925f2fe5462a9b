import { newId, newResourceToken } from '../crypto/ids.js';
import { ApiError, codedError, invalidParam, missingParams } from '../errors.js';
import type { RequestContext, Route } from '../http/router.js';
import { isKnownCurrency } from '../money/currencies.js';
import type { SandboxState } from '../state/state.js';
import { optBool, optString, page } from './params.js';

const FIELDS = ['number', 'name', 'address1', 'address2', 'city', 'state', 'zip', 'country', 'phone'] as const;
const STATUSES = ['draft', 'sent', 'new', 'paid', 'complete'];

type Bill = Record<string, unknown>;

function items(ctx: RequestContext): Record<string, unknown>[] {
  const raw = ctx.body.items;
  if (!Array.isArray(raw) || raw.length === 0) throw invalidParam('items');
  return raw.map((it) => {
    const i = it as Record<string, unknown>;
    if (!i || typeof i !== 'object' || typeof i.price !== 'number' || !(i.price > 0)) throw invalidParam('items');
    const quantity = i.quantity ?? 1;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) throw invalidParam('items');
    return { id: newId(), description: String(i.description ?? ''), price: i.price, quantity };
  });
}

/** Applies bill fields from a create/update body. */
function applyFields(ctx: RequestContext, bill: Bill): void {
  for (const k of FIELDS) {
    const v = optString(ctx, k, 500);
    if (v !== undefined) bill[k] = v;
  }
  const email = optString(ctx, 'email', 320);
  if (email !== undefined) {
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw invalidParam('email');
    bill.email = email;
  }
  const currency = optString(ctx, 'currency', 10);
  if (currency !== undefined) {
    if (!isKnownCurrency(currency)) throw invalidParam('currency');
    bill.currency = currency;
  }
  const cc = ctx.body.cc;
  if (cc !== undefined && cc !== null) {
    if (!Array.isArray(cc) || cc.some((x) => typeof x !== 'string')) throw invalidParam('cc');
    bill.cc = cc;
  }
  const due = optString(ctx, 'dueDate', 40);
  if (due !== undefined) {
    const ms = Date.parse(
      due.replace(
        /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
        (_m, y, mo, d) => `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}T00:00:00Z`,
      ),
    );
    if (!Number.isFinite(ms)) throw invalidParam('dueDate');
    bill.dueDate = new Date(ms).toISOString();
  }
  const fee = optBool(ctx, 'passProcessingFee');
  if (fee !== undefined) bill.passProcessingFee = fee;
  if (ctx.body.items !== undefined) bill.items = items(ctx);
}

export function billRoutes(state: SandboxState): Route[] {
  const find = (ctx: RequestContext, method: string): Bill => {
    const bill = state.bills.get(ctx.params.id!);
    const t = ctx.token!;
    if (!bill || (t.facade === 'pos' && bill.creator !== t.token)) {
      throw codedError('bill_not_found', 404, `${method}0001`, 'Bill not found');
    }
    return bill;
  };
  const json = (bill: Bill) => {
    const { creator: _c, ...rest } = bill;
    return rest;
  };
  const reply = (ctx: RequestContext, bill: Bill) => ({
    body: { facade: `${ctx.token!.facade}/bill`, data: json(bill) },
  });
  return [
    {
      method: 'POST',
      pattern: '/bills',
      access: { kind: 'token', facades: ['pos', 'merchant'] },
      handle: (ctx) => {
        const missing = ['currency', 'email', 'items'].filter((k) => ctx.body[k] === undefined || ctx.body[k] === null);
        if (missing.length) throw missingParams(missing);
        const id = newId();
        const token = newResourceToken();
        const bill: Bill = {
          status: 'draft',
          url: `${state.publicUrl}bill?id=${id}&resource=bills`,
          createdDate: new Date(state.now()).toISOString(),
          emailBill: true,
          id,
          merchant: 'SandboxMerchant11111111',
          token,
          // BitPay's bills always carry cc (the Node SDK's schema requires the array); PHP omits an empty one.
          cc: [],
          creator: ctx.token!.token,
        };
        applyFields(ctx, bill);
        state.bills.set(id, bill);
        state.tokens.addResource(token, 'bill', id, ctx.token!.token);
        return reply(ctx, bill);
      },
    },
    {
      method: 'GET',
      pattern: '/bills',
      access: { kind: 'token', facades: ['merchant'] },
      handle: (ctx) => {
        const status = optString(ctx, 'status', 20);
        if (status && !STATUSES.includes(status)) throw invalidParam('status');
        const list = [...state.bills.values()].filter((b) => !status || b.status === status);
        return { body: { facade: 'merchant/bill', data: page(ctx, list).map(json) } };
      },
    },
    {
      method: 'GET',
      pattern: '/bills/:id',
      access: { kind: 'token', facades: ['pos', 'merchant'] },
      handle: (ctx) => reply(ctx, find(ctx, '02')),
    },
    {
      method: 'PUT',
      pattern: '/bills/:id',
      // The SDKs send back the bill they fetched, so its own resource token is accepted as well.
      access: { kind: 'token', facades: ['merchant'], resources: ['bill'] },
      handle: (ctx) => {
        const bill = find(ctx, '03');
        if (ctx.resource && ctx.resource.id !== bill.id)
          throw new ApiError('invalid_token', 500, { error: 'Invalid token' });
        const status = optString(ctx, 'status', 20);
        if (status !== undefined && !STATUSES.includes(status)) throw invalidParam('status');
        applyFields(ctx, bill);
        if (status) bill.status = status;
        return reply(ctx, bill);
      },
    },
    {
      method: 'POST',
      pattern: '/bills/:id/deliveries',
      access: { kind: 'token', facades: ['pos', 'merchant'], resources: ['bill'] },
      handle: (ctx) => {
        const bill = state.bills.get(ctx.params.id!);
        if (!bill) throw codedError('bill_not_found', 404, '010001', 'Bill not found');
        if (ctx.resource?.kind !== 'bill' || ctx.resource.id !== bill.id) {
          throw new ApiError('invalid_token', 500, { error: 'Invalid token' });
        }
        if (bill.status === 'draft') bill.status = 'sent';
        return { body: { data: 'Success' } };
      },
    },
  ];
}
