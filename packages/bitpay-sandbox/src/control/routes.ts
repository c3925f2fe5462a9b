import { tokenJson } from '../auth/tokens.js';
import { SandboxError } from '../errors.js';
import type { Route } from '../http/router.js';
import {
  addConfirmations,
  type ForcedStatus,
  forceStatus,
  type PayAmount,
  pay,
} from '../resources/invoices/lifecycle.js';
import { invoiceJson } from '../resources/invoices/view.js';
import { setPayoutStatus, setRecipientStatus } from '../resources/payout-webhooks.js';
import { refundJson, setRefundStatus } from '../resources/refunds.js';
import type { SandboxState } from '../state/state.js';
import { FACADES, type Facade } from '../state/types.js';

const OPEN = { kind: 'public' } as const;

function field<T extends string>(body: Record<string, unknown>, name: string, allowed: readonly T[], fallback?: T): T {
  const v = body[name] ?? fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw new SandboxError('invalid_parameter', `${name} must be one of ${allowed.join(', ')}`);
  }
  return v as T;
}

/**
 * The cheat panel's HTTP surface (no auth: a local sandbox). Answers are plain JSON; failures are
 * `{"error": message, "code": code}` with 400, 404 or 409.
 */
export function controlRoutes(state: SandboxState): Route[] {
  const invoice = (id: string) => {
    const inv = state.invoices.get(id);
    if (!inv) throw new SandboxError('invoice_not_found', `no invoice ${id}`);
    return inv;
  };
  const view = (id: string) => ({ body: { data: invoiceJson(state, invoice(id)) } });
  return [
    {
      method: 'GET',
      pattern: '/sandbox/invoices',
      access: OPEN,
      handle: () => ({
        body: { data: [...state.invoices.values()].reverse().map((i) => invoiceJson(state, i)) },
      }),
    },
    { method: 'GET', pattern: '/sandbox/invoices/:id', access: OPEN, handle: (ctx) => view(ctx.params.id!) },
    {
      method: 'POST',
      pattern: '/sandbox/invoices/:id/pay',
      access: OPEN,
      handle: (ctx) => {
        const amount = field<PayAmount>(ctx.body, 'amount', ['full', 'partial', 'over'], 'full');
        const currency = ctx.body.currency;
        if (currency !== undefined && typeof currency !== 'string') {
          throw new SandboxError('invalid_parameter', 'currency must be a currency code');
        }
        pay(state, invoice(ctx.params.id!), amount, currency);
        return view(ctx.params.id!);
      },
    },
    {
      method: 'POST',
      pattern: '/sandbox/invoices/:id/status',
      access: OPEN,
      handle: (ctx) => {
        const status = field<ForcedStatus>(ctx.body, 'status', [
          'confirmed',
          'complete',
          'invalid',
          'declined',
          'expired',
        ]);
        forceStatus(state, invoice(ctx.params.id!), status);
        return view(ctx.params.id!);
      },
    },
    {
      method: 'POST',
      pattern: '/sandbox/invoices/:id/confirmations',
      access: OPEN,
      handle: (ctx) => {
        const count = ctx.body.count;
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
          throw new SandboxError('invalid_parameter', 'count must be an integer from 1 to 1000');
        }
        addConfirmations(state, invoice(ctx.params.id!), count);
        return view(ctx.params.id!);
      },
    },
    {
      method: 'GET',
      pattern: '/sandbox/refunds',
      access: OPEN,
      handle: () => ({ body: { data: [...state.refunds.values()].reverse().map(refundJson) } }),
    },
    {
      method: 'GET',
      pattern: '/sandbox/refunds/:id',
      access: OPEN,
      handle: (ctx) => {
        const r = state.refunds.get(ctx.params.id!);
        if (!r) throw new SandboxError('refund_not_found', `no refund ${ctx.params.id}`);
        return { body: { data: refundJson(r) } };
      },
    },
    {
      method: 'POST',
      pattern: '/sandbox/refunds/:id/status',
      access: OPEN,
      handle: (ctx) => {
        const status = field(ctx.body, 'status', ['pending', 'success', 'failure'] as const);
        return { body: { data: setRefundStatus(state, ctx.params.id!, status) } };
      },
    },
    {
      method: 'POST',
      pattern: '/sandbox/payouts/:id/status',
      access: OPEN,
      handle: (ctx) => {
        const status = field(ctx.body, 'status', ['funded', 'processing', 'complete', 'failed'] as const);
        return { body: { data: setPayoutStatus(state, ctx.params.id!, status) } };
      },
    },
    {
      method: 'POST',
      pattern: '/sandbox/recipients/:id/status',
      access: OPEN,
      handle: (ctx) => {
        const status = field(ctx.body, 'status', ['unverified', 'verified', 'active', 'paused'] as const);
        return { body: { data: setRecipientStatus(state, ctx.params.id!, status) } };
      },
    },
    {
      method: 'GET',
      pattern: '/sandbox/clock',
      access: OPEN,
      handle: () => ({ body: { now: state.now() } }),
    },
    {
      method: 'POST',
      pattern: '/sandbox/clock',
      access: OPEN,
      handle: async (ctx) => {
        const ms = ctx.body.advanceMs;
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 366 * 86_400_000) {
          throw new SandboxError('invalid_parameter', 'advanceMs must be a number of milliseconds from 0 to a year');
        }
        await state.clock.advance(ms);
        return { body: { now: state.now() } };
      },
    },
    {
      method: 'POST',
      pattern: '/sandbox/pairing/:code/approve',
      access: OPEN,
      handle: (ctx) => ({ body: { data: tokenJson(state.tokens.approve(ctx.params.code!)) } }),
    },
    {
      method: 'POST',
      pattern: '/sandbox/pairing-codes',
      access: OPEN,
      handle: (ctx) => {
        const facade = field<Facade>(ctx.body, 'facade', FACADES, 'pos');
        const label = typeof ctx.body.label === 'string' ? ctx.body.label : 'sandbox dashboard code';
        const code = state.tokens.createDashboardCode(facade, label);
        return { body: { data: { pairingCode: code.code, facade, pairingExpiration: code.expiresAt } } };
      },
    },
    {
      method: 'POST',
      pattern: '/sandbox/tokens',
      access: OPEN,
      handle: (ctx) => {
        const facade = field<Facade>(ctx.body, 'facade', FACADES, 'pos');
        const label = typeof ctx.body.label === 'string' ? ctx.body.label : 'sandbox dashboard token';
        const sin = typeof ctx.body.sin === 'string' ? ctx.body.sin : undefined;
        if (facade !== 'pos' && !sin) {
          throw new SandboxError('invalid_parameter', `a ${facade} token needs the sin that will sign with it`);
        }
        // A chosen value lets tests replay recorded requests byte for byte (e.g. §1.5's "someMerchantToken").
        const value = ctx.body.token;
        if (value !== undefined && (typeof value !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(value))) {
          throw new SandboxError('invalid_parameter', 'token must be 1-200 printable ASCII characters');
        }
        return { body: { data: tokenJson(state.tokens.createDashboardToken(facade, label, sin, value)) } };
      },
    },
    { method: 'GET', pattern: '/sandbox/ipns', access: OPEN, handle: () => ({ body: { data: state.ipn.log } }) },
  ];
}

/** HTTP status of a control failure, from its code. */
export function controlStatus(code: string): number {
  if (code.endsWith('not_found')) return 404;
  if (/^invalid_\w+_state$/.test(code) || code.startsWith('pairing_code_') || code === 'token_exists') return 409;
  return 400;
}
