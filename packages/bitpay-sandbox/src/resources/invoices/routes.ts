import { newResourceToken } from '../../crypto/ids.js';
import { ApiError, codedError, invalidParam, missingParams } from '../../errors.js';
import type { Reply, RequestContext, Route } from '../../http/router.js';
import type { SandboxState } from '../../state/state.js';
import type { Invoice, InvoiceStatus } from '../../state/types.js';
import { optBool, optDate, optString, page } from '../params.js';
import { createInvoice } from './create.js';
import { cancel, forceStatus, notify } from './lifecycle.js';
import { invoiceJson } from './view.js';

const BOTH = { kind: 'token', facades: ['pos', 'merchant'] } as const;
const MERCHANT = { kind: 'token', facades: ['merchant'] } as const;

/** Statuses `PUT /invoices/pay/:id` moves on from, per target status. */
const PAYABLE_FROM: Record<'confirmed' | 'complete', readonly InvoiceStatus[]> = {
  confirmed: ['new', 'paid'],
  complete: ['new', 'paid', 'confirmed'],
};

const notFound = (method: '01' | '02' | '03' | '04') =>
  codedError('invoice_not_found', 404, `${method}0101`, 'Invoice not found');

/** An invoice the caller may see: merchant tokens see the account's invoices, pos tokens only their own. */
function visible(ctx: RequestContext, inv: Invoice | undefined, method: '01' | '02' | '03' | '04') {
  if (!inv) throw notFound(method);
  const t = ctx.token!;
  if (t.facade === 'pos' && inv.creator !== t.token) throw notFound(method);
  return inv;
}

const byGuid = (state: SandboxState, guid: string) => [...state.invoices.values()].find((i) => i.guid === guid);

export function invoiceRoutes(state: SandboxState): Route[] {
  const reply = (ctx: RequestContext, inv: Invoice): Reply => ({
    body: { facade: `${ctx.token!.facade}/invoice`, data: invoiceJson(state, inv) },
  });
  const cancelReply = (ctx: RequestContext, inv: Invoice): Reply => {
    const force = optBool(ctx, 'forceCancel') ?? false;
    if (!cancel(state, inv, force)) {
      throw codedError('invalid_invoice_state', 400, '040107', 'Invalid invoice state for cancel');
    }
    return reply(ctx, inv);
  };
  return [
    {
      method: 'POST',
      pattern: '/invoices',
      access: BOTH,
      handle: (ctx) => reply(ctx, createInvoice(state, ctx)),
    },
    {
      method: 'GET',
      pattern: '/invoices',
      access: MERCHANT,
      handle: (ctx) => {
        const start = optDate(ctx, 'dateStart');
        const end = optDate(ctx, 'dateEnd', true);
        const missing = [start === undefined && 'dateStart', end === undefined && 'dateEnd'].filter(Boolean);
        if (missing.length) throw missingParams(missing as string[]);
        const status = optString(ctx, 'status', 20);
        const orderId = optString(ctx, 'orderId', 200);
        const list = [...state.invoices.values()].filter(
          (i) =>
            i.invoiceTime >= start! &&
            i.invoiceTime <= end! &&
            (!status || i.status === status) &&
            (!orderId || i.echo.orderId === orderId),
        );
        return { body: { facade: 'merchant/invoice', data: page(ctx, list).map((i) => invoiceJson(state, i)) } };
      },
    },
    {
      method: 'GET',
      pattern: '/invoices/guid/:guid',
      access: BOTH,
      handle: (ctx) => reply(ctx, visible(ctx, byGuid(state, ctx.params.guid!), '02')),
    },
    {
      method: 'DELETE',
      pattern: '/invoices/guid/:guid',
      access: MERCHANT,
      handle: (ctx) => cancelReply(ctx, visible(ctx, byGuid(state, ctx.params.guid!), '04')),
    },
    {
      method: 'PUT',
      pattern: '/invoices/pay/:id',
      access: MERCHANT,
      handle: (ctx) => {
        // Test environment only at BitPay; the sandbox is a test environment.
        const inv = visible(ctx, state.invoices.get(ctx.params.id!), '03');
        const status = optString(ctx, 'status', 20);
        if (!status) throw missingParams(['status']);
        if (status !== 'confirmed' && status !== 'complete') throw invalidParam('status');
        // Forward only: new → confirmed | complete, paid → confirmed | complete, confirmed → complete (a test
        // suite that pays in two steps, as BitPay's own invoice would move next).
        const from = PAYABLE_FROM[status];
        if (!from.includes(inv.status))
          throw codedError('invalid_invoice_state', 400, '030100', 'Invalid invoice state for pay');
        forceStatus(state, inv, status);
        return reply(ctx, inv);
      },
    },
    {
      method: 'GET',
      pattern: '/invoices/:id',
      access: BOTH,
      handle: (ctx) => reply(ctx, visible(ctx, state.invoices.get(ctx.params.id!), '02')),
    },
    {
      method: 'PUT',
      pattern: '/invoices/:id',
      access: MERCHANT,
      handle: (ctx) => {
        const inv = visible(ctx, state.invoices.get(ctx.params.id!), '03');
        const email = optString(ctx, 'buyerEmail', 320);
        const sms = optString(ctx, 'buyerSms', 40);
        if (!email && !sms) throw codedError('missing_parameter', 400, '030108', 'Missing buyerEmail or buyerSms');
        if (email && sms)
          throw codedError('invalid_parameter', 400, '030102', 'Provide buyerEmail or buyerSms, not both');
        if (email) {
          if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw invalidParam('buyerEmail');
          inv.buyerProvidedEmail = email;
          inv.buyerProvidedInfo.emailAddress = email;
          // BitPay's recorded update answer carries the e-mail in buyer.email too (updateInvoiceResponse.json).
          inv.echo.buyer = { ...((inv.echo.buyer as Record<string, unknown> | undefined) ?? {}), email };
        }
        if (sms) {
          if (!/^\+?\d{6,15}$/.test(sms)) throw codedError('invalid_parameter', 400, '030112', 'Invalid SMS number');
          inv.buyerSms = sms;
          inv.buyerProvidedInfo.sms = sms;
          inv.buyerProvidedInfo.smsVerified = optBool(ctx, 'autoVerify') ?? false;
        }
        return reply(ctx, inv);
      },
    },
    {
      method: 'DELETE',
      pattern: '/invoices/:id',
      access: MERCHANT,
      handle: (ctx) => cancelReply(ctx, visible(ctx, state.invoices.get(ctx.params.id!), '04')),
    },
    {
      method: 'GET',
      pattern: '/invoices/:id/events',
      access: MERCHANT,
      handle: (ctx) => {
        visible(ctx, state.invoices.get(ctx.params.id!), '02');
        const busToken = newResourceToken();
        return {
          body: {
            facade: 'merchant/invoice',
            data: {
              url: `${state.publicUrl}events`,
              token: busToken,
              events: ['payment', 'confirmation'],
              actions: ['subscribe', 'unsubscribe'],
            },
          },
        };
      },
    },
    {
      method: 'POST',
      pattern: '/invoices/:id/notifications',
      // The invoice's own resource token (invoice.token), not a facade token (§3.2).
      access: { kind: 'token', facades: ['pos', 'merchant'], resources: ['invoice'] },
      handle: (ctx) => {
        const inv = state.invoices.get(ctx.params.id!);
        if (!inv) throw notFound('01');
        if (ctx.resource?.kind !== 'invoice' || ctx.resource.id !== inv.id) {
          throw new ApiError('invalid_token', 500, { error: 'Invalid token' });
        }
        notify(state, inv, 1012);
        return { body: { data: 'Success' } };
      },
    },
  ];
}
