// Every endpoint answers with the shapes BitPay answers with: the key sets of the recorded bodies in
// fixtures/ (from bitpay/nodejs-bitpay-client, see fixtures/NOTICE.md) must appear in the sandbox's answers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { call, control, posToken, receiver } from './helpers/http.js';
import { completedInvoice, signedAs } from './helpers/merchant.js';
import { sandbox } from './helpers/sandbox.js';

// biome-ignore lint/suspicious/noExplicitAny: fixtures are arbitrary JSON
const fixture = (name: string): any => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8'));

/** Keys of `expected` (recursively through objects and first array items) missing from `actual`. */
function missingKeys(expected: unknown, actual: unknown, path = ''): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [path || '(root)'];
    if (expected.length === 0 || actual.length === 0) return [];
    return missingKeys(expected[0], actual[0], `${path}[0]`);
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return [path || '(root)'];
    const out: string[] = [];
    for (const [k, v] of Object.entries(expected)) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in (actual as object))) out.push(p);
      // Maps keyed by currency code (paymentTotals, exchangeRates, …) are compared by their values' shape.
      else if (/^[A-Z_]{3,6}$/.test(Object.keys(v ?? {})[0] ?? '') && !Array.isArray(v)) {
        const firstExpected = Object.values(v as object)[0];
        const firstActual = Object.values((actual as Record<string, object>)[k] ?? {})[0];
        if (firstExpected && typeof firstExpected === 'object')
          out.push(...missingKeys(firstExpected, firstActual, `${p}.*`));
      } else out.push(...missingKeys(v, (actual as Record<string, unknown>)[k], p));
    }
    return out;
  }
  return [];
}

/** Fields of recorded bodies that belong to features the sandbox does not simulate (listed in the README). */
const NOT_SIMULATED = new Set([
  'shopify',
  'rateRefreshTime',
  'guaranteedPaymentTargetConfirmations',
  'guaranteedPayment',
  'data.shopify',
  'data.rateRefreshTime',
  'data.guaranteedPaymentTargetConfirmations',
  'data.guaranteedPayment',
  'data.transactions[0].type',
  'data.supportRequest',
  // Polygon tokens are not among the simulated currencies.
  'data.exchangeRates.*.MATIC',
  'data.exchangeRates.*.USDC_m',
  // BitPay ID shoppers are not simulated.
  'data.shopper.user',
  'data[0].shopper.user',
  // Settlements stay open (status new) in the sandbox, so they have no execution date.
  'data.dateExecuted',
  'data[0].dateExecuted',
]);

function expectShape(name: string, actual: unknown, pick: (f: unknown) => unknown = (f) => f) {
  const missing = missingKeys(pick(fixture(name)), actual).filter((k) => !NOT_SIMULATED.has(k));
  expect(missing, name).toEqual([]);
}

async function world(sb: Sandbox) {
  const m = await signedAs(sb, 'merchant');
  const hook = await receiver();
  const inv = (
    await m.post('/invoices', {
      ...fixture('createInvoiceRequest.json'),
      token: m.token,
      posData: '{"ref":1}',
      redirectURL: 'https://merchantwebsite.com/shop/return',
      closeURL: 'https://merchantwebsite.com/shop/cancel',
      itemizedDetails: [{ amount: 5, description: 'Item 1', isFee: false }],
      notificationURL: hook.url,
    })
  ).json;
  return { m, hook, inv };
}

describe('answers have the key sets of BitPay’s recorded bodies', () => {
  it('invoices: create, get, list, update, cancel, pay, events, webhook resend', async () => {
    const sb = await sandbox();
    const { m, hook, inv } = await world(sb);
    try {
      expectShape('createInvoiceResponse.json', inv);
      await control(sb, 'POST', `/sandbox/invoices/${inv.data.id}/pay`, { amount: 'full', currency: 'BCH' });
      await sb.clock.advance(600_000);
      expectShape(
        'updateInvoiceResponse.json',
        (await m.put(`/invoices/${inv.data.id}`, { buyerSms: '+12223334444', autoVerify: true })).json,
      );
      expectShape('getInvoiceResponse.json', (await m.get(`/invoices/${inv.data.id}`)).json);
      expectShape('getInvoicesResponse.json', (await m.get('/invoices?dateStart=2026-01-01&dateEnd=2026-01-31')).json);
      const full = { ...fixture('createInvoiceRequest.json'), token: m.token, posData: 'p', guid: 'other' };
      const fresh = (
        await m.post('/invoices', {
          ...full,
          redirectURL: 'https://m.example/r',
          closeURL: 'https://m.example/c',
          itemizedDetails: [],
        })
      ).json.data;
      await m.put(`/invoices/${fresh.id}`, { buyerSms: '+12223334444', autoVerify: true });
      await control(sb, 'POST', `/sandbox/invoices/${fresh.id}/pay`, { amount: 'partial', currency: 'BCH' });
      expectShape('cancelInvoiceSuccessResponse.json', (await m.del(`/invoices/${fresh.id}?forceCancel=true`)).json);
      expectShape('cancelInvoiceErrorResponse.json', (await m.del(`/invoices/${inv.data.id}`)).json);
      const toPay = (
        await m.post('/invoices', {
          ...full,
          guid: 'g',
          redirectURL: 'https://m.example/r',
          itemizedDetails: [],
          buyerProvidedInfo: { ...full.buyerProvidedInfo, name: 'Satoshi' },
        })
      ).json.data;
      expectShape('payInvoiceResponse.json', (await m.put(`/invoices/pay/${toPay.id}`, { status: 'complete' })).json);
      expectShape('getInvoiceEventToken.json', (await m.get(`/invoices/${inv.data.id}/events`)).json);
      const resend = await m.post(`/invoices/${inv.data.id}/notifications`, { token: inv.data.token });
      expect(resend.json).toEqual(fixture('invoiceWebhookResponse.json'));
    } finally {
      await hook.close();
    }
  });

  it('tokens, rates, currencies, wallets', async () => {
    const sb = await sandbox();
    const t = await call(sb, 'POST', '/tokens', {
      id: 'Tf426U3aRh3MWTYtVJgsUY3Bhzw9W5BTckG',
      facade: 'merchant',
      label: 'x',
    });
    expectShape('authorizeClientByFacadeResponse.json', t.json);
    expectShape('getRatesResponse.json', (await call(sb, 'GET', '/rates')).json);
    expectShape('getRateResponse.json', (await call(sb, 'GET', '/rates/BTC/USD')).json);
    expectShape('getCurrenciesResponse.json', (await call(sb, 'GET', '/currencies')).json);
    const wallets = (await call(sb, 'GET', '/supportedwallets')).json;
    expectShape('getSupportedWallets.json', wallets);
  });

  it('refunds', async () => {
    const sb = await sandbox();
    const m = await signedAs(sb, 'merchant');
    const inv = await completedInvoice(sb, m);
    const created = (
      await m.post('/refunds', {
        ...fixture('createRefundRequest.json'),
        invoiceId: inv.id,
        reference: 'Test refund',
        token: m.token,
      })
    ).json;
    expectShape('createRefundResponse.json', created);
    expectShape('getRefundResponse.json', (await m.get(`/refunds/${created.data.id}`)).json);
    expectShape('getRefundsByInvoiceId.json', (await m.get(`/refunds?invoiceId=${inv.id}`)).json, (f) => ({
      data: [
        Object.fromEntries(
          Object.entries((f as { data: Record<string, unknown>[] }).data[1]!).filter(([k]) => k !== 'guid'),
        ),
      ],
    }));
    const preview = (
      await m.post('/refunds', { invoiceId: inv.id, amount: 1, preview: true, guid: 'p-1', reference: 'r' })
    ).json.data;
    expectShape('updateRefundResponse.json', (await m.put(`/refunds/${preview.id}`, { status: 'created' })).json);
    expectShape('cancelRefundResponse.json', (await m.del(`/refunds/${created.data.id}`)).json);
    expect((await m.post(`/refunds/${preview.id}/notifications`, { token: preview.token })).json).toEqual(
      fixture('sendRefundNotificationResponse.json'),
    );
  });

  it('bills', async () => {
    const sb = await sandbox();
    const m = await signedAs(sb, 'merchant');
    const created = (await m.post('/bills', { ...fixture('createBillRequest.json'), token: m.token })).json;
    expectShape('createBillResponse.json', created);
    expectShape('getBillsResponse.json', (await m.get('/bills')).json);
    expectShape(
      'updateBillResponse.json',
      (await m.put(`/bills/${created.data.id}`, { ...fixture('updateBillRequest.json'), token: m.token })).json,
    );
    expect((await m.post(`/bills/${created.data.id}/deliveries`, { token: created.data.token })).json).toEqual(
      fixture('deliverBillResponse.json'),
    );
  });

  it('ledgers and settlements', async () => {
    const sb = await sandbox();
    const m = await signedAs(sb, 'merchant');
    await completedInvoice(sb, m);
    expectShape('getLedgersResponse.json', (await m.get('/ledgers')).json);
    // The recorded ledger-entries body is the bare array the SDK returns; the wire envelope is {data: […]}.
    expectShape('getLedgerEntriesResponse.json', (await m.get('/ledgers/USD')).json.data, (f) => [
      Object.fromEntries(Object.entries((f as Record<string, unknown>[])[0]!)),
    ]);
    const list = (await m.get('/settlements')).json;
    expectShape('getSettlementsResponse.json', list);
    expectShape('getSettlementResponse.json', (await m.get(`/settlements/${list.data[0].id}`)).json);
    const report = (await m.get(`/settlements/${list.data[0].id}/reconciliationReport?token=${list.data[0].token}`))
      .json;
    expectShape('getSettlementReconciliationReportResponse.json', report, (f) => {
      const d = (f as { data: Record<string, unknown> }).data;
      // payoutInfo differs per bank; entries carry invoiceData only for invoice lines.
      const { payoutInfo: _p, ...rest } = d;
      return { data: { ...rest, ledgerEntries: [(d.ledgerEntries as unknown[])[0]] } };
    });
  });

  it('payouts, payout groups and recipients', async () => {
    const sb = await sandbox();
    const p = await signedAs(sb, 'payout');
    const recips = (await p.post('/recipients', { ...fixture('submitPayoutRecipientsRequest.json'), token: p.token }))
      .json;
    expectShape('submitPayoutRecipientsResponse.json', recips);
    expectShape('getPayoutRecipientsResponse.json', (await p.get('/recipients')).json);
    const rid = recips.data[0].id;
    expectShape('getPayoutRecipientResponse.json', (await p.get(`/recipients/${rid}`)).json);
    expectShape('updatePayoutRecipientResponse.json', (await p.put(`/recipients/${rid}`, { label: 'Bob123' })).json);
    const created = (
      await p.post('/payouts', {
        ...fixture('createPayoutRequest.json'),
        recipientId: rid,
        shopperId: 'shopper-1',
        token: p.token,
      })
    ).json;
    expectShape('createPayoutResponse.json', created);
    for (const status of ['funded', 'processing', 'complete']) {
      await control(sb, 'POST', `/sandbox/payouts/${created.data.id}/status`, { status });
    }
    expectShape('getPayoutResponse.json', (await p.get(`/payouts/${created.data.id}`)).json);
    expectShape('getPayoutsResponse.json', (await p.get('/payouts')).json);
    expect((await p.post(`/payouts/${created.data.id}/notifications`)).json).toEqual(
      fixture('sendPayoutNotificationResponse.json'),
    );
    const second = (await p.post('/payouts', { ...fixture('createPayoutRequest.json'), token: p.token })).json.data;
    expect((await p.del(`/payouts/${second.id}`)).json).toEqual(fixture('cancelPayoutResponse.json'));
    const group = (
      await p.post('/payouts/group', {
        instructions: [
          { ...fixture('createPayoutGroupRequest.json').instructions[0], recipientId: rid, label: 'John Doe' },
          { amount: 10, currency: 'USD', email: 'john@doe.com' },
        ],
      })
    ).json;
    expectShape('createPayoutGroupResponse.json', group);
    expectShape(
      'cancelPayoutGroupResponse.json',
      (await p.del(`/payouts/group/${group.created[0].groupId}`)).json,
      (f) => ({
        cancelled: (f as { cancelled: unknown[] }).cancelled,
      }),
    );
    expect((await p.del(`/recipients/${rid}`)).json).toEqual(fixture('deletePayoutRecipientResponse.json'));
  });

  it('pos invoices are shaped the same', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const r = await call(sb, 'POST', '/invoices', {
      price: 20,
      currency: 'USD',
      token,
      itemDesc: 'Item 1',
      orderId: 'x',
      guid: 'g',
      posData: 'p',
      redirectURL: 'https://m.example/r',
      closeURL: 'https://m.example/c',
      buyer: { email: 'john@doe.com' },
      buyerProvidedInfo: fixture('createInvoiceRequest.json').buyerProvidedInfo,
      itemizedDetails: [],
    });
    expect(r.json.facade).toBe('pos/invoice');
    expectShape('createInvoiceResponse.json', r.json, (f) => ({ data: (f as { data: unknown }).data }));
  });
});
