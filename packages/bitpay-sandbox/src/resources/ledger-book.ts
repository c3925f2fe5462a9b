import { newId, newResourceToken } from '../crypto/ids.js';
import { ratio } from '../money/decimal.js';
import type { SandboxState } from '../state/state.js';
import type { Invoice, LedgerEntry } from '../state/types.js';
import { buyerFields } from './invoices/view.js';

/** Ledger amounts are integers at this scale (BitPay's `scale: 100000000`). */
export const LEDGER_SCALE = 100_000_000n;
/** The sandbox charges BitPay's usual 1 % invoice fee. */
const FEE_PERCENT = 1n;

export function toScaled(value: number): bigint {
  const r = ratio(value);
  return (r.n * LEDGER_SCALE) / r.d;
}

export const fromScaled = (v: bigint): number => Number(v) / Number(LEDGER_SCALE);

/** The open settlement of a ledger currency (created on first credit), as BitPay batches credits. */
function openSettlement(state: SandboxState, currency: string, creator: string): string {
  for (const s of state.settlements.values()) if (s.currency === currency && s.status === 'new') return String(s.id);
  const id = newId();
  const token = newResourceToken();
  const now = state.now();
  state.settlements.set(id, { id, token, currency, status: 'new', dateCreated: now, openingDate: now });
  state.tokens.addResource(token, 'settlement', id, creator);
  return id;
}

function addEntry(state: SandboxState, e: Omit<LedgerEntry, 'id' | 'timestamp'>): void {
  state.ledger.push({ ...e, id: newId(), timestamp: state.now() });
}

/** A completed invoice credits the merchant's ledger in the price currency: the sale and the invoice fee. */
export function creditLedger(state: SandboxState, inv: Invoice): void {
  const currency = inv.currency;
  const settlementId = openSettlement(state, currency, inv.creator);
  const sale = toScaled(inv.price);
  const base = { currency, invoiceId: inv.id, invoice: inv, settlementId };
  addEntry(state, {
    ...base,
    type: 'Invoice',
    code: 1000,
    amount: sale,
    description: String(inv.echo.orderId ?? inv.id),
    txType: 'sale',
  });
  addEntry(state, {
    ...base,
    type: 'Invoice Fee',
    code: 1023,
    amount: -((sale * FEE_PERCENT) / 100n),
    description: 'Invoice Fee',
    txType: 'Invoice Fee',
  });
}

/** A successful refund debits the ledger. */
export function debitRefund(state: SandboxState, inv: Invoice, amount: number): void {
  addEntry(state, {
    currency: inv.currency,
    invoiceId: inv.id,
    invoice: inv,
    settlementId: openSettlement(state, inv.currency, inv.creator),
    type: 'Invoice Refund',
    code: 1020,
    amount: -toScaled(amount),
    description: 'Invoice Refund',
    txType: 'Invoice Refund',
  });
}

export function ledgerEntryJson(e: LedgerEntry): Record<string, unknown> {
  const inv = e.invoice;
  return {
    type: e.type,
    amount: e.amount,
    code: e.code,
    description: e.description,
    timestamp: new Date(e.timestamp).toISOString(),
    txType: e.txType,
    scale: LEDGER_SCALE,
    invoiceId: e.invoiceId,
    buyerFields: inv ? buyerFields(inv) : undefined,
    invoiceAmount: inv?.price,
    invoiceCurrency: inv?.currency,
    transactionCurrency: inv?.transactionCurrency,
    id: e.id,
  };
}

/** Settlement object (§3.2), totals following from its ledger entries. */
export function settlementJson(state: SandboxState, s: Record<string, unknown>, withEntries = false) {
  const entries = state.ledger.filter((e) => e.settlementId === s.id);
  const sum = entries.reduce((a, e) => a + e.amount, 0n);
  const iso = (v: unknown) => (typeof v === 'number' ? new Date(v).toISOString() : undefined);
  return {
    id: s.id,
    accountId: 'SandboxAccount1111111',
    status: s.status,
    currency: s.currency,
    payoutInfo: {
      label: 'Sandbox bank account',
      bankCountry: 'United States',
      name: 'Sandbox Merchant',
      bank: 'Sandbox Bank',
      swift: 'SANDUS00',
      account: 'US00SANDBOX0000000000',
    },
    dateCreated: iso(s.dateCreated),
    dateExecuted: iso(s.dateExecuted),
    openingDate: iso(s.openingDate),
    closingDate: iso(s.closingDate ?? state.now()),
    openingBalance: 0,
    ledgerEntriesSum: fromScaled(sum),
    withholdings: [],
    withholdingsSum: 0,
    totalAmount: fromScaled(sum),
    ledgerEntries: withEntries
      ? entries.map((e) => ({
          code: e.code,
          description: e.description,
          timestamp: new Date(e.timestamp).toISOString(),
          amount: fromScaled(e.amount),
          invoiceId: e.invoiceId,
          invoiceData: e.invoice
            ? {
                orderId: e.invoice.echo.orderId,
                date: new Date(e.invoice.invoiceTime).toISOString(),
                price: e.invoice.price,
                currency: e.invoice.currency,
                transactionCurrency: e.invoice.transactionCurrency,
                payoutPercentage: { [String(s.currency)]: 100 },
              }
            : undefined,
        }))
      : undefined,
    token: s.token,
  };
}
