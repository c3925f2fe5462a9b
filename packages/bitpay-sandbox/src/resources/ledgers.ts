import { codedError, invalidParam } from '../errors.js';
import type { Route } from '../http/router.js';
import type { SandboxState } from '../state/state.js';
import { fromScaled, ledgerEntryJson, settlementJson } from './ledger-book.js';
import { optDate, optString, page } from './params.js';

const MERCHANT = { kind: 'token', facades: ['merchant'] } as const;

/** Ledgers and settlements: they follow from completed invoices and successful refunds. */
export function ledgerRoutes(state: SandboxState): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/ledgers',
      access: MERCHANT,
      handle: () => {
        const balances = new Map<string, bigint>([['USD', 0n]]);
        for (const e of state.ledger) balances.set(e.currency, (balances.get(e.currency) ?? 0n) + e.amount);
        return {
          body: { data: [...balances].map(([currency, balance]) => ({ currency, balance: fromScaled(balance) })) },
        };
      },
    },
    {
      method: 'GET',
      pattern: '/ledgers/:currency',
      access: MERCHANT,
      handle: (ctx) => {
        const currency = ctx.params.currency!.toUpperCase();
        const start = optDate(ctx, 'startDate') ?? Number.NEGATIVE_INFINITY;
        const end = optDate(ctx, 'endDate', true) ?? Number.POSITIVE_INFINITY;
        const entries = state.ledger.filter(
          (e) => e.currency === currency && e.timestamp >= start && e.timestamp <= end,
        );
        return { body: { data: entries.map(ledgerEntryJson) } };
      },
    },
    {
      method: 'GET',
      pattern: '/settlements',
      access: MERCHANT,
      handle: (ctx) => {
        // PHP sends dateStart/dateEnd, older docs startDate/endDate: both accepted.
        const start = optDate(ctx, 'startDate') ?? optDate(ctx, 'dateStart') ?? Number.NEGATIVE_INFINITY;
        const end = optDate(ctx, 'endDate', true) ?? optDate(ctx, 'dateEnd', true) ?? Number.POSITIVE_INFINITY;
        const status = optString(ctx, 'status', 20);
        if (status && !['new', 'processing', 'rejected', 'completed'].includes(status)) throw invalidParam('status');
        const currency = optString(ctx, 'currency', 10);
        const list = [...state.settlements.values()].filter(
          (s) =>
            (s.dateCreated as number) >= start &&
            (s.dateCreated as number) <= end &&
            (!status || s.status === status) &&
            (!currency || s.currency === currency),
        );
        return { body: { facade: 'merchant/settlement', data: page(ctx, list).map((s) => settlementJson(state, s)) } };
      },
    },
    {
      method: 'GET',
      pattern: '/settlements/:id',
      access: MERCHANT,
      handle: (ctx) => {
        const s = state.settlements.get(ctx.params.id!);
        if (!s) throw codedError('settlement_not_found', 404, '020001', 'Settlement not found');
        return { body: { facade: 'merchant/settlement', data: settlementJson(state, s) } };
      },
    },
    {
      method: 'GET',
      pattern: '/settlements/:id/reconciliationReport',
      access: { kind: 'token', facades: ['merchant'], resources: ['settlement'] },
      handle: (ctx) => {
        const s = state.settlements.get(ctx.params.id!);
        if (!s) throw codedError('settlement_not_found', 404, '020001', 'Settlement not found');
        if (ctx.resource?.kind !== 'settlement' || ctx.resource.id !== s.id) {
          throw codedError('invalid_token', 500, '020000', 'Invalid token');
        }
        return { body: { data: settlementJson(state, s, true) } };
      },
    },
  ];
}
