import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BitPayClient, generateKey, type Key } from '../src/index.js';
import { type FixtureServer, type Reply, type Route, startFixtureServer } from './fixture-server.js';
import { expectBitPayHeaders } from './helpers.js';

// Every endpoint of bitpay-protocol.md §3.2, over real HTTP to 127.0.0.1, answered with BitPay's recorded bodies.
// Each case asserts method, path, query, body, the §1.4 headers and (when signed) an OpenSSL-verified signature.

const MERCHANT = 'merchantTokenX';
const PAYOUT = 'payoutTokenX';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Case {
  name: string;
  route: Route;
  call: (c: BitPayClient) => Promise<unknown>;
  signed: boolean;
  query?: Record<string, string>;
  body?: unknown;
  check?: (result: unknown) => void;
}

const subscriptionReply: Reply = {
  // No recorded subscription body exists in BitPay's SDK fixtures; this one follows §3.2 (draft|active|cancelled).
  json: {
    facade: 'merchant/subscription',
    data: {
      id: 'SeL33Hjyrcv8Uo5k1M7mzz',
      status: 'draft',
      schedule: 'monthly',
      nextDelivery: '2021-06-01',
      token: 'subscriptionResourceToken',
      billData: { currency: 'USD', email: 'john@doe.com', items: [{ description: 'Box', price: 10, quantity: 1 }] },
    },
  },
};
const billData = { currency: 'USD', email: 'john@doe.com', items: [{ description: 'Box', price: 10, quantity: 1 }] };

const cases: Case[] = [
  // ── invoices
  {
    name: 'createInvoice',
    route: { method: 'POST', path: '/invoices', reply: { fixture: 'createInvoiceResponse.json' } },
    call: (c) => c.createInvoice({ price: 10, currency: 'USD', orderId: '1', extendedNotifications: true }),
    signed: true,
    body: {
      price: 10,
      currency: 'USD',
      orderId: '1',
      extendedNotifications: true,
      guid: expect.stringMatching(UUID),
      token: MERCHANT,
    },
    check: (inv) => {
      expect(inv).toMatchObject({ id: 'G3viJEJgE8Jk2oekSdgT2A', status: 'new' });
      expect((inv as { paymentTotals: Record<string, unknown> }).paymentTotals.PAX).toBe(10000000000000000000n);
    },
  },
  {
    name: 'getInvoice',
    route: { method: 'GET', path: '/invoices/:id', reply: { fixture: 'getInvoiceResponse.json' } },
    call: (c) => c.getInvoice('G3viJEJgE8Jk2oekSdgT2A'),
    signed: true,
    query: { token: MERCHANT },
    check: (inv) =>
      expect((inv as { paymentTotals: Record<string, unknown> }).paymentTotals.DAI).toBe(9990000000000000000n),
  },
  {
    name: 'getInvoiceByGuid',
    route: { method: 'GET', path: '/invoices/guid/:guid', reply: { fixture: 'getInvoiceResponse.json' } },
    call: (c) => c.getInvoiceByGuid('chc9kj52-04g0-4b6f-941d-3a844e352758'),
    signed: true,
    query: { token: MERCHANT },
  },
  {
    name: 'getInvoices',
    route: { method: 'GET', path: '/invoices', reply: { fixture: 'getInvoicesResponse.json' } },
    call: (c) =>
      c.getInvoices({ dateStart: '2021-05-10', dateEnd: '2021-05-12', status: 'complete', limit: 10, offset: 0 }),
    signed: true,
    query: {
      token: MERCHANT,
      dateStart: '2021-05-10',
      dateEnd: '2021-05-12',
      status: 'complete',
      limit: '10',
      offset: '0',
    },
    check: (list) => expect((list as unknown[]).length).toBeGreaterThan(1),
  },
  {
    name: 'updateInvoice',
    route: { method: 'PUT', path: '/invoices/:id', reply: { fixture: 'updateInvoiceResponse.json' } },
    call: (c) => c.updateInvoice('G3viJEJgE8Jk2oekSdgT2A', { buyerSms: '+12223334444' }),
    signed: true,
    body: { buyerSms: '+12223334444', token: MERCHANT }, // = updateInvoiceRequest.json with our token
  },
  {
    name: 'payInvoice',
    route: { method: 'PUT', path: '/invoices/pay/:id', reply: { fixture: 'payInvoiceResponse.json' } },
    call: (c) => c.payInvoice('G3viJEJgE8Jk2oekSdgT2A', 'complete'),
    signed: true,
    body: { status: 'complete', token: MERCHANT },
  },
  {
    name: 'cancelInvoice',
    route: { method: 'DELETE', path: '/invoices/:id', reply: { fixture: 'cancelInvoiceSuccessResponse.json' } },
    call: (c) => c.cancelInvoice('G3viJEJgE8Jk2oekSdgT2A', true),
    signed: true,
    query: { token: MERCHANT, forceCancel: 'true' },
    check: (inv) => expect(inv).toMatchObject({ status: 'expired', isCancelled: true }),
  },
  {
    name: 'cancelInvoiceByGuid',
    route: { method: 'DELETE', path: '/invoices/guid/:guid', reply: { fixture: 'cancelInvoiceSuccessResponse.json' } },
    call: (c) => c.cancelInvoiceByGuid('some-guid'),
    signed: true,
    query: { token: MERCHANT },
  },
  {
    name: 'getInvoiceEventToken',
    route: { method: 'GET', path: '/invoices/:id/events', reply: { fixture: 'getInvoiceEventToken.json' } },
    call: (c) => c.getInvoiceEventToken('G3viJEJgE8Jk2oekSdgT2A'),
    signed: true,
    query: { token: MERCHANT },
    check: (r) => expect(r).toMatchObject({ url: 'https://bitpay.com/events', events: ['payment', 'confirmation'] }),
  },
  {
    name: 'requestInvoiceNotification (with the invoice resource token)',
    route: { method: 'POST', path: '/invoices/:id/notifications', reply: { fixture: 'invoiceWebhookResponse.json' } },
    call: (c) => c.requestInvoiceNotification('G3viJEJgE8Jk2oekSdgT2A', 'invoiceResourceToken'),
    signed: true,
    body: { token: 'invoiceResourceToken' },
    check: (r) => expect(r).toBe(true),
  },
  // ── refunds
  {
    name: 'createRefund',
    route: { method: 'POST', path: '/refunds', reply: { fixture: 'createRefundResponse.json' } },
    call: (c) => c.createRefund({ invoiceId: 'Hpqc63wvE1ZjzeeH4kEycF', amount: 10 }),
    signed: true,
    body: { invoiceId: 'Hpqc63wvE1ZjzeeH4kEycF', amount: 10, guid: expect.stringMatching(UUID), token: MERCHANT },
  },
  {
    name: 'getRefund',
    route: { method: 'GET', path: '/refunds/:id', reply: { fixture: 'getRefundResponse.json' } },
    call: (c) => c.getRefund('WoE46gSLkJQS48RJEiNw3L'),
    signed: true,
    query: { token: MERCHANT },
  },
  {
    name: 'getRefundByGuid',
    route: { method: 'GET', path: '/refunds/guid/:guid', reply: { fixture: 'getRefundResponse.json' } },
    call: (c) => c.getRefundByGuid('ee26b5e0-9185-493e-bc12-e846d5fcf07c'),
    signed: true,
    query: { token: MERCHANT },
  },
  {
    name: 'getRefunds',
    route: { method: 'GET', path: '/refunds', reply: { fixture: 'getRefundsByInvoiceId.json' } },
    call: (c) => c.getRefunds('Hpqc63wvE1ZjzeeH4kEycF'),
    signed: true,
    query: { token: MERCHANT, invoiceId: 'Hpqc63wvE1ZjzeeH4kEycF' },
    check: (list) => expect(Array.isArray(list)).toBe(true),
  },
  {
    name: 'updateRefund',
    route: { method: 'PUT', path: '/refunds/:id', reply: { fixture: 'updateRefundResponse.json' } },
    call: (c) => c.updateRefund('WoE46gSLkJQS48RJEiNw3L', 'created'),
    signed: true,
    body: { status: 'created', token: MERCHANT },
  },
  {
    name: 'updateRefundByGuid',
    route: { method: 'PUT', path: '/refunds/guid/:guid', reply: { fixture: 'updateRefundResponse.json' } },
    call: (c) => c.updateRefundByGuid('ee26b5e0', 'created'),
    signed: true,
    body: { status: 'created', token: MERCHANT },
  },
  {
    name: 'cancelRefund',
    route: { method: 'DELETE', path: '/refunds/:id', reply: { fixture: 'cancelRefundResponse.json' } },
    call: (c) => c.cancelRefund('WoE46gSLkJQS48RJEiNw3L'),
    signed: true,
    query: { token: MERCHANT },
    check: (r) => expect(r).toMatchObject({ status: 'cancelled' }),
  },
  {
    name: 'cancelRefundByGuid',
    route: { method: 'DELETE', path: '/refunds/guid/:guid', reply: { fixture: 'cancelRefundResponse.json' } },
    call: (c) => c.cancelRefundByGuid('ee26b5e0'),
    signed: true,
    query: { token: MERCHANT },
  },
  {
    name: 'sendRefundNotification (with the refund resource token)',
    route: {
      method: 'POST',
      path: '/refunds/:id/notifications',
      reply: { fixture: 'sendRefundNotificationResponse.json' },
    },
    call: (c) => c.sendRefundNotification('WoE46gSLkJQS48RJEiNw3L', 'refundResourceToken'),
    signed: true,
    body: { token: 'refundResourceToken' },
    check: (r) => expect(r).toBe(true),
  },
  // ── rates, currencies, wallets: public, unsigned, no token
  {
    name: 'getRates',
    route: { method: 'GET', path: '/rates', reply: { fixture: 'getRatesResponse.json' } },
    call: (c) => c.getRates(),
    signed: false,
    query: {},
    check: (r) => expect((r as { code: string }[]).some((x) => x.code === 'USD')).toBe(true),
  },
  {
    name: 'getCurrencyRates',
    route: { method: 'GET', path: '/rates/BCH', reply: { fixture: 'getRatesResponse.json' } },
    call: (c) => c.getCurrencyRates('BCH'),
    signed: false,
    query: {},
  },
  {
    name: 'getCurrencyPairRate',
    route: { method: 'GET', path: '/rates/BTC/USD', reply: { fixture: 'getRateResponse.json' } },
    call: (c) => c.getCurrencyPairRate('BTC', 'USD'),
    signed: false,
    query: {},
    check: (r) => expect(r).toMatchObject({ code: 'USD' }),
  },
  {
    name: 'getCurrencies',
    route: { method: 'GET', path: '/currencies', reply: { fixture: 'getCurrenciesResponse.json' } },
    call: (c) => c.getCurrencies(),
    signed: false,
    query: {},
    check: (r) => expect((r as { code: string }[])[0]).toMatchObject({ code: 'BTC', decimals: 8 }),
  },
  {
    name: 'getSupportedWallets',
    route: { method: 'GET', path: '/supportedWallets', reply: { fixture: 'getSupportedWallets.json' } },
    call: (c) => c.getSupportedWallets(),
    signed: false,
    query: {},
    check: (r) => expect((r as { key: string }[]).length).toBeGreaterThan(0),
  },
  // ── bills
  {
    name: 'createBill',
    route: { method: 'POST', path: '/bills', reply: { fixture: 'createBillResponse.json' } },
    call: (c) => c.createBill({ number: 'bill1234-ABCD', ...billData }),
    signed: true,
    body: { number: 'bill1234-ABCD', ...billData, token: MERCHANT },
  },
  {
    name: 'getBill',
    route: { method: 'GET', path: '/bills/:id', reply: { fixture: 'createBillResponse.json' } },
    call: (c) => c.getBill('X6KJbe9RxAGWNReCwd1xRw'),
    signed: true,
    query: { token: MERCHANT },
  },
  {
    name: 'getBills',
    route: { method: 'GET', path: '/bills', reply: { fixture: 'getBillsResponse.json' } },
    call: (c) => c.getBills('draft'),
    signed: true,
    query: { token: MERCHANT, status: 'draft' },
  },
  {
    name: 'updateBill (a read-back bill: its resource token is replaced by the merchant token)',
    route: { method: 'PUT', path: '/bills/:id', reply: { fixture: 'updateBillResponse.json' } },
    call: (c) => c.updateBill('X6KJbe9RxAGWNReCwd1xRw', { ...billData, token: 'billResourceToken' }),
    signed: true,
    body: { ...billData, token: MERCHANT },
  },
  {
    name: 'deliverBill (with the bill resource token)',
    route: { method: 'POST', path: '/bills/:id/deliveries', reply: { fixture: 'deliverBillResponse.json' } },
    call: (c) => c.deliverBill('X6KJbe9RxAGWNReCwd1xRw', 'billResourceToken'),
    signed: true,
    body: { token: 'billResourceToken' },
    check: (r) => expect(r).toBe(true),
  },
  // ── ledgers, settlements
  {
    name: 'getLedgers',
    route: { method: 'GET', path: '/ledgers', reply: { fixture: 'getLedgersResponse.json' } },
    call: (c) => c.getLedgers(),
    signed: true,
    query: { token: MERCHANT },
  },
  {
    name: 'getLedgerEntries',
    route: { method: 'GET', path: '/ledgers/:currency', reply: { fixture: 'getLedgerEntriesResponse.json' } },
    call: (c) => c.getLedgerEntries('USD', '2021-05-10', '2021-05-31'),
    signed: true,
    query: { token: MERCHANT, startDate: '2021-05-10', endDate: '2021-05-31' },
    check: (r) => expect((r as unknown[]).length).toBe(3),
  },
  {
    name: 'getSettlements',
    route: { method: 'GET', path: '/settlements', reply: { fixture: 'getSettlementsResponse.json' } },
    call: (c) =>
      c.getSettlements({ currency: 'USD', dateStart: '2021-05-10', dateEnd: '2021-05-12', status: 'processing' }),
    signed: true,
    query: { token: MERCHANT, currency: 'USD', dateStart: '2021-05-10', dateEnd: '2021-05-12', status: 'processing' },
  },
  {
    name: 'getSettlement',
    route: { method: 'GET', path: '/settlements/:id', reply: { fixture: 'getSettlementResponse.json' } },
    call: (c) => c.getSettlement('RPWTabW8urd3xWv2To989v'),
    signed: true,
    query: { token: MERCHANT },
  },
  {
    name: 'getSettlementReconciliationReport (with the settlement resource token)',
    route: {
      method: 'GET',
      path: '/settlements/:id/reconciliationReport',
      reply: { fixture: 'getSettlementReconciliationReportResponse.json' },
    },
    call: (c) => c.getSettlementReconciliationReport('RPWTabW8urd3xWv2To989v', 'settlementResourceToken'),
    signed: true,
    query: { token: 'settlementResourceToken' },
    check: (r) => expect(Array.isArray((r as { ledgerEntries: unknown[] }).ledgerEntries)).toBe(true),
  },
  // ── payouts, payout groups, recipients
  {
    name: 'createPayout',
    route: { method: 'POST', path: '/payouts', reply: { fixture: 'createPayoutResponse.json' } },
    call: (c) => c.createPayout({ amount: 10, currency: 'USD', ledgerCurrency: 'GBP', email: 'john@doe.com' }),
    signed: true,
    body: { amount: 10, currency: 'USD', ledgerCurrency: 'GBP', email: 'john@doe.com', token: PAYOUT },
  },
  {
    name: 'getPayout',
    route: { method: 'GET', path: '/payouts/:id', reply: { fixture: 'getPayoutResponse.json' } },
    call: (c) => c.getPayout('JMwv8wQCXANoU2ZZQ9a9GH'),
    signed: true,
    query: { token: PAYOUT },
  },
  {
    name: 'getPayouts',
    route: { method: 'GET', path: '/payouts', reply: { fixture: 'getPayoutsResponse.json' } },
    call: (c) => c.getPayouts({ startDate: '2021-05-27', endDate: '2021-05-31', status: 'complete', limit: 5 }),
    signed: true,
    query: { token: PAYOUT, startDate: '2021-05-27', endDate: '2021-05-31', status: 'complete', limit: '5' },
  },
  {
    name: 'cancelPayout',
    route: { method: 'DELETE', path: '/payouts/:id', reply: { fixture: 'cancelPayoutResponse.json' } },
    call: (c) => c.cancelPayout('JMwv8wQCXANoU2ZZQ9a9GH'),
    signed: true,
    query: { token: PAYOUT },
    check: (r) => expect(r).toBe(true),
  },
  {
    name: 'requestPayoutNotification',
    route: {
      method: 'POST',
      path: '/payouts/:id/notifications',
      reply: { fixture: 'sendPayoutNotificationResponse.json' },
    },
    call: (c) => c.requestPayoutNotification('JMwv8wQCXANoU2ZZQ9a9GH'),
    signed: true,
    body: { token: PAYOUT }, // = sendPayoutNotificationRequest.json with our token
    check: (r) => expect(r).toBe(true),
  },
  {
    name: 'createPayoutGroup',
    route: { method: 'POST', path: '/payouts/group', reply: { fixture: 'createPayoutGroupResponse.json' } },
    call: (c) => c.createPayoutGroup([{ amount: 10, currency: 'USD', ledgerCurrency: 'USD', email: 'john@doe.com' }]),
    signed: true,
    body: {
      instructions: [{ amount: 10, currency: 'USD', ledgerCurrency: 'USD', email: 'john@doe.com' }],
      token: PAYOUT,
    },
    check: (r) => expect((r as { failed: unknown[] }).failed).toHaveLength(1),
  },
  {
    name: 'cancelPayoutGroup',
    route: { method: 'DELETE', path: '/payouts/group/:id', reply: { fixture: 'cancelPayoutGroupResponse.json' } },
    call: (c) => c.cancelPayoutGroup('KMXZeQigXG6T5abzCJmTcS'),
    signed: true,
    query: { token: PAYOUT },
    check: (r) => expect((r as { cancelled: unknown[] }).cancelled.length).toBeGreaterThan(0),
  },
  {
    name: 'submitPayoutRecipients',
    route: { method: 'POST', path: '/recipients', reply: { fixture: 'submitPayoutRecipientsResponse.json' } },
    call: (c) =>
      c.submitPayoutRecipients([{ email: 'alice@email.com', label: 'Alice', notificationURL: 'https://someurl.com' }]),
    signed: true,
    body: {
      recipients: [{ email: 'alice@email.com', label: 'Alice', notificationURL: 'https://someurl.com' }],
      guid: expect.stringMatching(UUID),
      token: PAYOUT,
    },
    check: (r) => expect((r as { status: string }[])[0]?.status).toBe('invited'),
  },
  {
    name: 'getPayoutRecipient',
    route: { method: 'GET', path: '/recipients/:id', reply: { fixture: 'getPayoutRecipientResponse.json' } },
    call: (c) => c.getPayoutRecipient('JA4cEtmBxCp5cybtnh1rds'),
    signed: true,
    query: { token: PAYOUT },
  },
  {
    name: 'getPayoutRecipients',
    route: { method: 'GET', path: '/recipients', reply: { fixture: 'getPayoutRecipientsResponse.json' } },
    call: (c) => c.getPayoutRecipients({ status: 'invited', limit: 2 }),
    signed: true,
    query: { token: PAYOUT, status: 'invited', limit: '2' },
  },
  {
    name: 'updatePayoutRecipient',
    route: { method: 'PUT', path: '/recipients/:id', reply: { fixture: 'updatePayoutRecipientResponse.json' } },
    call: (c) => c.updatePayoutRecipient('X3icwc4tE8KJ5hEPNPpDXW', { label: 'Bob123' }),
    signed: true,
    body: { label: 'Bob123', token: PAYOUT },
    check: (r) => expect(r).toMatchObject({ label: 'Bob123', shopperId: null }),
  },
  {
    name: 'deletePayoutRecipient',
    route: { method: 'DELETE', path: '/recipients/:id', reply: { fixture: 'deletePayoutRecipientResponse.json' } },
    call: (c) => c.deletePayoutRecipient('X3icwc4tE8KJ5hEPNPpDXW'),
    signed: true,
    query: { token: PAYOUT },
    check: (r) => expect(r).toBe(true),
  },
  {
    name: 'requestPayoutRecipientNotification',
    route: {
      method: 'POST',
      path: '/recipients/:id/notifications',
      reply: { fixture: 'sendPayoutNotificationResponse.json' },
    },
    call: (c) => c.requestPayoutRecipientNotification('X3icwc4tE8KJ5hEPNPpDXW'),
    signed: true,
    body: { token: PAYOUT },
    check: (r) => expect(r).toBe(true),
  },
  // ── subscriptions
  {
    name: 'createSubscription',
    route: { method: 'POST', path: '/subscriptions', reply: subscriptionReply },
    call: (c) => c.createSubscription({ billData, schedule: 'monthly' }),
    signed: true,
    body: { billData, schedule: 'monthly', token: MERCHANT },
    check: (r) => expect(r).toMatchObject({ status: 'draft', token: 'subscriptionResourceToken' }),
  },
  {
    name: 'getSubscription',
    route: { method: 'GET', path: '/subscriptions/:id', reply: subscriptionReply },
    call: (c) => c.getSubscription('SeL33Hjyrcv8Uo5k1M7mzz'),
    signed: true,
    query: { token: MERCHANT },
  },
  {
    name: 'getSubscriptions',
    route: { method: 'GET', path: '/subscriptions', reply: { json: { data: [] } } },
    call: (c) => c.getSubscriptions('active'),
    signed: true,
    query: { token: MERCHANT, status: 'active' },
    check: (r) => expect(r).toEqual([]),
  },
  {
    name: 'updateSubscription (with the subscription resource token)',
    route: { method: 'PUT', path: '/subscriptions/:id', reply: subscriptionReply },
    call: (c) => c.updateSubscription('SeL33Hjyrcv8Uo5k1M7mzz', { status: 'active' }, 'subscriptionResourceToken'),
    signed: true,
    body: { status: 'active', token: 'subscriptionResourceToken' },
  },
];

let server: FixtureServer;
let key: Key;
let client: BitPayClient;

beforeAll(async () => {
  server = await startFixtureServer(cases.map((c) => c.route));
  key = generateKey();
  client = new BitPayClient({
    environment: server.url,
    key,
    tokens: { merchant: MERCHANT, payout: PAYOUT },
    maxRetries: 0,
  });
});
afterAll(() => server.close());

describe('every §3.2 endpoint over HTTP', () => {
  for (const c of cases) {
    it(c.name, async () => {
      server.take();
      const result = await c.call(client);
      const [req, ...more] = server.take();
      expect(more).toHaveLength(0);
      expect(req).toBeDefined();
      if (!req) return;
      expect(req.method).toBe(c.route.method);
      if (!c.route.path.includes(':')) expect(req.path).toBe(c.route.path);
      if (c.query) expect(req.query).toEqual(c.query);
      if (c.body !== undefined) expect(req.body).toEqual(c.body);
      else expect(req.rawBody).toBe('');
      expectBitPayHeaders(req, c.signed ? { signedBy: key } : {});
      c.check?.(result);
    });
  }

  it('path segments are percent-encoded, and the signature still covers the exact target', async () => {
    server.take();
    await client.getInvoice('a b/c');
    const [req] = server.take();
    expect(req?.target).toBe(`/invoices/a%20b%2Fc?token=${MERCHANT}`);
    expectBitPayHeaders(req!, { signedBy: key });
  });
});
