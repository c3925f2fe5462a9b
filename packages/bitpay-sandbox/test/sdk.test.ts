// Drives the sandbox with BitPay's official Node SDK (bitpay-sdk 8.0.4): its own request building, signing
// (elliptic, high-S included) and stale-header bug. The SDK has no base-URL option, so its real HTTP client
// (`BitPayClient`, exported as `bitpay-sdk/client`) is constructed with the sandbox URL and handed to `Client`
// through the constructor argument the SDK provides for that; nothing is stubbed.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { KEY_A } from './helpers/bitauth.js';
import { control, pairedToken, posToken, receiver } from './helpers/http.js';
import { sandbox } from './helpers/sandbox.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: the SDK is plain CommonJS here
const sdk: any = require('bitpay-sdk');
// biome-ignore lint/suspicious/noExplicitAny: idem
const sdkClient: any = require('bitpay-sdk/client');

function sdkFor(sb: Sandbox, tokens: Record<string, string>, key: string | null) {
  const keyUtils = new sdk.KeyUtils();
  const ecKey = key ? keyUtils.load_keypair(key) : null;
  const identity = key ? keyUtils.getPublicKeyFromPrivateKey(key) : null;
  const http = new sdkClient.BitPayClient(sb.url, ecKey, identity);
  const container = new sdk.TokenContainer(tokens);
  return new sdk.Client(null, null, container, null, undefined, undefined, http);
}

describe('official Node SDK 8.0.4 against the sandbox', () => {
  it('pos facade: creates and reads an invoice unsigned', async () => {
    const sb = await sandbox();
    const pos = await posToken(sb);
    const client = sdkFor(sb, { pos }, null);
    const created = await client.createInvoice(new sdk.Models.Invoice(25, 'USD'), sdk.Facade.Pos, false);
    expect(created.status).toBe('new');
    expect(created.price).toBe(25);
    const read = await client.getInvoice(created.id, sdk.Facade.Pos, false);
    expect(read.id).toBe(created.id);
  });

  it('merchant facade: the whole invoice and refund surface, signed by the SDK, plus public calls with stale headers', async () => {
    const sb = await sandbox();
    const hook = await receiver();
    try {
      const merchant = await pairedToken(sb, KEY_A, 'merchant');
      const client = sdkFor(sb, { merchant }, KEY_A);
      const inv = new sdk.Models.Invoice(30, 'USD');
      inv.orderId = 'sdk-1';
      inv.notificationURL = hook.url;
      inv.extendedNotifications = true;
      inv.transactionSpeed = 'medium';
      const created = await client.createInvoice(inv);
      expect(created.orderId).toBe('sdk-1');
      expect((await client.getInvoice(created.id)).id).toBe(created.id);
      expect((await client.getInvoiceByGuid(created.guid)).id).toBe(created.id);
      const list = await client.getInvoices({ dateStart: '2026-01-01', dateEnd: '2026-01-31' });
      expect(list).toHaveLength(1);
      expect((await client.updateInvoice(created.id, { buyerEmail: 'sdk@example.com' })).buyerProvidedEmail).toBe(
        'sdk@example.com',
      );
      expect((await client.getInvoiceEventToken(created.id)).events).toEqual(['payment', 'confirmation']);
      expect(await client.requestInvoiceWebhookToBeResent(created.id, created.token)).toBe(true);

      // Public calls right after signed ones carry the previous X-Signature (SDK bug): still accepted.
      const rates = await client.getRates();
      expect(rates.getRate('USD')).toBe(60000);
      expect((await client.getRate('BTC', 'EUR')).rate).toBe(55200);
      expect((await client.getCurrencyInfo('BTC')).code).toBe('BTC');
      expect((await client.getSupportedWallets())[0].key).toBe('bitpay');

      const paid = await client.payInvoice(created.id, 'complete');
      expect(paid.status).toBe('complete');
      const refund = await client.createRefund({ invoice: created.id, amount: 10 });
      expect(refund.status).toBe('created');
      expect((await client.getRefund(refund.id)).id).toBe(refund.id);
      expect((await client.getRefunds(created.id)).length).toBe(1);
      expect(await client.sendRefundNotification(refund.id, refund.token)).toBe(true);
      expect((await client.cancelRefund(refund.id)).status).toBe('cancelled');

      const other = await client.createInvoice(new sdk.Models.Invoice(5, 'EUR'));
      expect((await client.cancelInvoice(other.id)).status).toBe('expired');

      const ledgers = await client.getLedgers();
      expect(ledgers.find((l: { currency: string }) => l.currency === 'USD').balance).toBe(29.7);
      const entries = await client.getLedgerEntries('USD', new Date('2026-01-01'), new Date('2026-01-31'));
      expect(entries.map((e: { code: number }) => e.code)).toEqual([1000, 1023]);
      const settlements = await client.getSettlements({ startDate: '2026-01-01', endDate: '2026-01-31' });
      expect(settlements).toHaveLength(1);
      expect((await client.getSettlement(settlements[0].id)).id).toBe(settlements[0].id);
      const report = await client.getSettlementReconciliationReport(settlements[0].id, settlements[0].token);
      expect(report.ledgerEntries).toHaveLength(2);

      await sb.clock.advance(0);
      expect(hook.got.map((g) => JSON.parse(g.body).event.code)).toEqual(expect.arrayContaining([1012, 1003, 1006]));
    } finally {
      await hook.close();
    }
  });

  it('merchant facade: bills', async () => {
    const sb = await sandbox();
    const merchant = await pairedToken(sb, KEY_A, 'merchant');
    const client = sdkFor(sb, { merchant }, KEY_A);
    const bill = await client.createBill({
      currency: 'USD',
      email: 'john@doe.com',
      items: [{ description: 'Item', price: 6, quantity: 1 }],
      number: 'b-1',
    });
    expect(bill.status).toBe('draft');
    expect((await client.getBill(bill.id)).number).toBe('b-1');
    expect(await client.getBills('draft')).toHaveLength(1);
    const updated = await client.updateBill({ ...bill, name: 'John' }, bill.id);
    expect(updated.name).toBe('John');
    expect(await client.deliverBill(bill.id, bill.token)).toBe(true);
  });

  it('payout facade: recipients and payouts', async () => {
    const sb = await sandbox();
    const payout = await pairedToken(sb, KEY_A, 'payout');
    const client = sdkFor(sb, { payout }, KEY_A);
    const recipients = await client.submitPayoutRecipients({
      recipients: [{ email: 'alice@email.com', label: 'Alice' }],
    });
    expect(recipients[0].status).toBe('invited');
    expect(await client.getPayoutRecipients({})).toHaveLength(1);
    const p = await client.submitPayout({
      amount: 10,
      currency: 'USD',
      ledgerCurrency: 'USD',
      recipientId: recipients[0].id,
    });
    expect(p.status).toBe('new');
    expect((await client.getPayout(p.id)).id).toBe(p.id);
    expect(await client.requestPayoutNotification(p.id)).toBe(true);
    expect(await client.cancelPayout(p.id)).toBe(true);
    const group = await client.submitPayouts([{ amount: 5, currency: 'USD', ledgerCurrency: 'USD', email: 'x@y.z' }]);
    expect(group.payouts).toHaveLength(1);
    const cancelled = await client.cancelPayouts(group.payouts[0].groupId);
    expect(cancelled.payouts).toHaveLength(1);
  });

  it('is refused when its key is not the token’s', async () => {
    const sb = await sandbox();
    const merchant = await pairedToken(sb, KEY_A, 'merchant');
    const client = sdkFor(sb, { merchant }, '0000000000000000000000000000000000000000000000000000000000000002');
    await expect(client.createInvoice(new sdk.Models.Invoice(1, 'USD'))).rejects.toThrow(/Unauthorized sin/);
    expect((await control(sb, 'GET', '/sandbox/invoices')).json.data).toHaveLength(0);
  });
});
