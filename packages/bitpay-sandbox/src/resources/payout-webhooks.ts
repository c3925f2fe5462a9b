import { newTxid } from '../crypto/ids.js';
import { SandboxError } from '../errors.js';
import { PAYOUT_EVENTS, RECIPIENT_EVENTS } from '../ipn/events.js';
import { div, ratio, toNumber } from '../money/decimal.js';
import { rate } from '../money/rates.js';
import type { SandboxState } from '../state/state.js';

type Rec = Record<string, unknown>;

const publicJson = (r: Rec) => {
  const { creator: _c, ...rest } = r;
  return rest;
};

/** Payout and recipient webhooks: always the extended `{event, data}` form (§5.2), signed with the payout token. */
function send(state: SandboxState, kind: 'payout' | 'recipient', r: Rec, event: { code: number; name: string }) {
  if (typeof r.notificationURL !== 'string' || !r.notificationURL) return;
  state.ipn.send({
    invoiceId: String(r.id),
    resource: kind,
    url: r.notificationURL,
    signingToken: String(r.creator),
    event,
    body: () => ({ event, data: publicJson(r) }),
  });
}

export function notifyPayout(state: SandboxState, p: Rec, what: keyof typeof PAYOUT_EVENTS): void {
  send(state, 'payout', p, PAYOUT_EVENTS[what]);
}

export function notifyRecipient(state: SandboxState, r: Rec, what: keyof typeof RECIPIENT_EVENTS): void {
  send(state, 'recipient', r, RECIPIENT_EVENTS[what]);
}

const PAYOUT_NEXT: Record<string, string[]> = {
  new: ['funded', 'failed'],
  funded: ['processing', 'failed'],
  processing: ['complete', 'failed'],
};

/** Moves a payout (cheat panel): new → funded → processing → complete | failed; completion records the transfer. */
export function setPayoutStatus(
  state: SandboxState,
  id: string,
  status: 'funded' | 'processing' | 'complete' | 'failed',
) {
  const p = state.payouts.get(id);
  if (!p) throw new SandboxError('payout_not_found', `no payout ${id}`);
  if (!PAYOUT_NEXT[String(p.status)]?.includes(status)) {
    throw new SandboxError('invalid_payout_state', `payout ${id} cannot go from ${p.status} to ${status}`);
  }
  p.status = status;
  if (status === 'complete') {
    const now = new Date(state.now()).toISOString();
    const currency = String(p.currency);
    const btcRate = rate('BTC', currency);
    const ledgerRate = rate('BTC', String(p.ledgerCurrency));
    if (btcRate && ledgerRate) {
      p.exchangeRates = {
        BTC: { [currency]: toNumber(btcRate, 8), [String(p.ledgerCurrency)]: toNumber(ledgerRate, 8) },
      };
    }
    p.dateExecuted = now;
    const amount = btcRate ? toNumber(div(ratio(Number(p.amount)), btcRate), 6) : 0;
    p.transactions = [{ txid: newTxid(), amount, date: now }];
  }
  if (status !== 'failed') notifyPayout(state, p, status);
  return publicJson(p);
}

/** Moves a recipient (cheat panel) through BitPay's recipient statuses. */
export function setRecipientStatus(
  state: SandboxState,
  id: string,
  status: 'unverified' | 'verified' | 'active' | 'paused',
) {
  const r = state.recipients.get(id);
  if (!r) throw new SandboxError('recipient_not_found', `no recipient ${id}`);
  if (r.status === 'removed') throw new SandboxError('invalid_recipient_state', `recipient ${id} was removed`);
  r.status = status;
  notifyRecipient(state, r, status);
  const { notificationURL: _n, ...rest } = publicJson(r);
  return rest;
}
