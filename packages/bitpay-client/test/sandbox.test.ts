import { type Sandbox, startSandbox } from '@bitpay-checkout/bitpay-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BitPayClient, BitPayError, generateKey, type Invoice, type Key } from '../src/index.js';

// Realistic flows per resource against the protocol-faithful sandbox (packages/bitpay-sandbox), which verifies every
// signature, token, facade and session number itself. Payments are simulated through its control routes.

let sandbox: Sandbox;
let key: Key;
let client: BitPayClient;

async function control(path: string, body: unknown = {}): Promise<{ data: unknown }> {
  const res = await fetch(new URL(`sandbox/${path}`, sandbox.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { data: unknown };
}

const daysFromToday = (d: number) => new Date(sandbox.clock.now() + d * 86_400_000).toISOString().slice(0, 10);

async function caught(p: Promise<unknown>): Promise<BitPayError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(BitPayError);
  return e as BitPayError;
}

async function paidInvoice(price = 25): Promise<Invoice> {
  const inv = await client.createInvoice({ price, currency: 'USD', orderId: `o-${price}-${Date.now()}` });
  await control(`invoices/${inv.id}/pay`, { amount: 'full', currency: 'BTC' });
  await control(`invoices/${inv.id}/status`, { status: 'complete' });
  return client.getInvoice(inv.id);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, autoApprove: true });
  key = generateKey();
  client = new BitPayClient({ environment: sandbox.url, key, retryBaseDelayMs: 10 });
  // client-initiated pairing, approved at once by autoApprove
  const merchant = await client.requestPairing('merchant', 'client-tests');
  const payout = await client.requestPairing('payout', 'client-tests');
  expect(merchant.pairingCode).toMatch(/^\w{7}$/);
  expect(payout.facade).toBe('payout');
});
afterAll(() => sandbox?.close());

describe('against the sandbox', () => {
  it('pairing: tokens per facade, GET /tokens lists them', async () => {
    expect(client.tokens.has('merchant')).toBe(true);
    expect(client.tokens.has('payout')).toBe(true);
    const listed = await client.getTokens();
    expect(listed.merchant).toBe(client.tokens.get('merchant'));
    expect(listed.payout).toBe(client.tokens.get('payout'));
  });

  it('server-initiated pairing: a claimed dashboard code gives a pos token that works (signed)', async () => {
    const { data } = await control('pairing-codes', { facade: 'pos' });
    const code = (data as { pairingCode: string }).pairingCode;
    const pos = new BitPayClient({ environment: sandbox.url, key: generateKey() });
    const token = await pos.claimPairingCode(code, 'till');
    expect(token.facade).toBe('pos');
    const inv = await pos.createInvoice({ price: 3, currency: 'USD' });
    expect((await pos.getInvoice(inv.id)).status).toBe('new');
    // single use
    const again = new BitPayClient({ environment: sandbox.url, key: generateKey() });
    await caught(again.claimPairingCode(code));
  });

  it('a dashboard pos token works unsigned without any key', async () => {
    const { data } = await control('tokens', { facade: 'pos' });
    const pos = new BitPayClient({ environment: sandbox.url, tokens: { pos: (data as { token: string }).token } });
    const inv = await pos.createInvoice({ price: 4, currency: 'USD' });
    expect(inv.status).toBe('new');
  });

  it('invoices: create, read by id and guid, list, update, events, notify, pay, cancel', async () => {
    const guid = crypto.randomUUID();
    const inv = await client.createInvoice({
      price: 10,
      currency: 'USD',
      orderId: 'flow-1',
      notificationURL: 'https://merchant.example/ipn',
      extendedNotifications: true,
      guid,
    });
    expect(inv).toMatchObject({ status: 'new', price: 10, currency: 'USD', orderId: 'flow-1', guid });
    expect(inv.expirationTime - inv.invoiceTime).toBe(900_000);
    expect((await client.getInvoice(inv.id)).id).toBe(inv.id);
    expect((await client.getInvoiceByGuid(guid)).id).toBe(inv.id);
    const list = await client.getInvoices({ dateStart: daysFromToday(-1), dateEnd: daysFromToday(1) });
    expect(list.map((i) => i.id)).toContain(inv.id);
    const updated = await client.updateInvoice(inv.id, { buyerEmail: 'buyer@example.com' });
    expect(updated.id).toBe(inv.id);
    expect((await client.getInvoiceEventToken(inv.id)).events).toEqual(expect.arrayContaining(['payment']));
    expect(await client.requestInvoiceNotification(inv.id, inv.token!)).toBe(true);

    await control(`invoices/${inv.id}/pay`, { amount: 'full', currency: 'BTC' });
    const paid = await client.getInvoice(inv.id);
    expect(['paid', 'confirmed', 'complete']).toContain(paid.status);
    expect(paid.transactionCurrency).toBe('BTC');

    const viaApi = await client.createInvoice({ price: 2, currency: 'USD' });
    expect((await client.payInvoice(viaApi.id, 'complete')).status).toBe('complete');

    const toCancel = await client.createInvoice({ price: 5, currency: 'USD' });
    const cancelled = await client.cancelInvoice(toCancel.id);
    expect(cancelled.isCancelled === true || cancelled.status === 'expired').toBe(true);
    const byGuid = await client.createInvoice({ price: 6, currency: 'USD' });
    await client.cancelInvoiceByGuid(byGuid.guid!);

    const missing = await caught(client.getInvoice('NoSuchInvoice1234567890'));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('invoices: wei amounts keep every digit', async () => {
    const inv = await client.createInvoice({ price: 12345.67, currency: 'USD' });
    const totals = inv.paymentTotals ?? {};
    const big = Object.entries(totals).filter(([, v]) => typeof v === 'bigint');
    // ERC-20 totals in wei exceed 2^53 for this price; they arrive as exact bigints
    expect(big.length).toBeGreaterThan(0);
    for (const [cur, v] of big) expect(v, cur).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('refunds: create (with guid), read, list, preview → created, notify, cancel', async () => {
    const inv = await paidInvoice(40);
    const refund = await client.createRefund({ invoiceId: inv.id, amount: 10, preview: true });
    expect(refund.status).toBe('preview');
    expect((await client.getRefund(refund.id)).id).toBe(refund.id);
    expect((await client.getRefundByGuid(refund.guid!)).id).toBe(refund.id);
    expect((await client.getRefunds(inv.id)).map((r) => r.id)).toContain(refund.id);
    expect((await client.updateRefund(refund.id, 'created')).status).toBe('created');
    expect(await client.sendRefundNotification(refund.id, refund.token!)).toBe(true);
    expect((await client.cancelRefund(refund.id)).status).toBe('cancelled');

    const second = await client.createRefund({ invoiceId: inv.id, amount: 5, preview: true });
    expect((await client.updateRefundByGuid(second.guid!, 'created')).status).toBe('created');
    expect((await client.cancelRefundByGuid(second.guid!)).status).toBe('cancelled');
  });

  it('rates, currencies and wallets (public)', async () => {
    const rates = await client.getRates();
    expect(rates.find((r) => r.code === 'USD')?.rate).toBeGreaterThan(0);
    expect((await client.getCurrencyRates('ETH')).length).toBeGreaterThan(0);
    expect((await client.getCurrencyPairRate('BTC', 'EUR')).code).toBe('EUR');
    expect((await client.getCurrencies()).some((c) => c.code === 'BTC')).toBe(true);
    expect((await client.getSupportedWallets()).length).toBeGreaterThan(0);
  });

  it('bills: create, read, list, update with the bill token, deliver', async () => {
    const bill = await client.createBill({
      currency: 'USD',
      email: 'customer@example.com',
      items: [{ description: 'Consulting', price: 100, quantity: 2 }],
      number: 'B-1',
    });
    expect(bill.status).toBe('draft');
    expect((await client.getBill(bill.id)).id).toBe(bill.id);
    expect((await client.getBills()).map((b) => b.id)).toContain(bill.id);
    const updated = await client.updateBill(bill.id, { ...bill, name: 'ACME' });
    expect(updated.name).toBe('ACME');
    expect(await client.deliverBill(bill.id, bill.token!)).toBe(true);
  });

  it('ledgers and settlements (with reconciliation) follow a completed invoice', async () => {
    await paidInvoice(100);
    const ledgers = await client.getLedgers();
    expect(ledgers.some((l) => l.currency === 'USD')).toBe(true);
    const entries = await client.getLedgerEntries('USD', daysFromToday(-1), daysFromToday(1));
    expect(entries.length).toBeGreaterThan(0);
    const settlements = await client.getSettlements({
      currency: 'USD',
      dateStart: daysFromToday(-1),
      dateEnd: daysFromToday(1),
    });
    expect(settlements.length).toBeGreaterThan(0);
    const one = await client.getSettlement(settlements[0]!.id);
    const report = await client.getSettlementReconciliationReport(one.id, one.token!);
    expect(report.id).toBe(one.id);
    expect(Array.isArray(report.ledgerEntries)).toBe(true);
  });

  it('payouts and payout groups: create, read, list, notify, cancel', async () => {
    const payout = await client.createPayout({
      amount: 10,
      currency: 'USD',
      ledgerCurrency: 'USD',
      email: 'payee@example.com',
      reference: 'p-1',
    });
    expect((await client.getPayout(payout.id)).id).toBe(payout.id);
    expect((await client.getPayouts({ reference: 'p-1' })).map((p) => p.id)).toContain(payout.id);
    expect(await client.requestPayoutNotification(payout.id)).toBe(true);
    expect(await client.cancelPayout(payout.id)).toBe(true);

    const group = await client.createPayoutGroup([
      { amount: 5, currency: 'USD', ledgerCurrency: 'USD', email: 'a@example.com' },
      // no ledgerCurrency: BitPay reports this payee in `failed` instead of failing the whole group
      { amount: 5, currency: 'USD', email: 'b@example.com' } as never,
    ]);
    expect(group.created?.length).toBe(1);
    expect(group.failed.length).toBe(1);
    const groupId = group.created?.[0]?.groupId as string;
    const cancelled = await client.cancelPayoutGroup(groupId);
    expect(cancelled.cancelled?.length).toBe(1);
  });

  it('recipients: invite, read, list, update, notify, delete', async () => {
    const [recipient] = await client.submitPayoutRecipients([{ email: 'r1@example.com', label: 'R1' }]);
    expect(recipient?.status).toBe('invited');
    const id = recipient!.id;
    expect((await client.getPayoutRecipient(id)).email).toBe('r1@example.com');
    expect((await client.getPayoutRecipients({ status: 'invited' })).map((r) => r.id)).toContain(id);
    expect((await client.updatePayoutRecipient(id, { label: 'R-one' })).label).toBe('R-one');
    expect(await client.requestPayoutRecipientNotification(id)).toBe(true);
    expect(await client.deletePayoutRecipient(id)).toBe(true);
  });

  it('subscriptions: create, read, list, update with the subscription token', async () => {
    const sub = await client.createSubscription({
      schedule: 'monthly',
      billData: { currency: 'USD', email: 's@example.com', items: [{ description: 'Box', price: 9, quantity: 1 }] },
    });
    expect(sub.status).toBe('draft');
    expect((await client.getSubscription(sub.id)).id).toBe(sub.id);
    expect((await client.getSubscriptions()).map((s) => s.id)).toContain(sub.id);
    expect((await client.updateSubscription(sub.id, { status: 'active' }, sub.token)).status).toBe('active');
  });

  it('sessions: numbered calls are accepted in order; an idle session expires and is renewed', async () => {
    const s = new BitPayClient({
      environment: sandbox.url,
      key,
      tokens: { merchant: client.tokens.get('merchant')! },
      sessions: true,
    });
    const inv = await s.createInvoice({ price: 7, currency: 'USD' });
    await Promise.all([s.getInvoice(inv.id), s.getInvoice(inv.id), s.getLedgers()]);
    const first = s.session!;
    expect(first.nextRequestNumber).toBe(5);
    await sandbox.clock.advance(16 * 60_000);
    expect((await s.getInvoice(inv.id)).id).toBe(inv.id);
    expect(s.session!.id).not.toBe(first.id);
    expect(s.session!.nextRequestNumber).toBe(2);
  });

  it('the sandbox rejects what BitPay rejects: another key with our token', async () => {
    const thief = new BitPayClient({
      environment: sandbox.url,
      key: generateKey(),
      tokens: { merchant: client.tokens.get('merchant')! },
    });
    const err = await caught(thief.getLedgers());
    expect(['UNAUTHORIZED_SIN', 'INVALID_TOKEN', 'INVALID_SIGNATURE']).toContain(err.code);
    expect(err.message).not.toContain(client.tokens.get('merchant')!);
  });
});
