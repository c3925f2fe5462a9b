import { describe, expect, it } from 'vitest';
import { call, control, receiver } from './helpers/http.js';
import { completedInvoice, signedAs } from './helpers/merchant.js';
import { sandbox } from './helpers/sandbox.js';

describe('refunds', () => {
  it('creates, lists, moves pending → success, credits the invoice and sends 1016 (extended)', async () => {
    const sb = await sandbox();
    const hook = await receiver();
    try {
      const m = await signedAs(sb, 'merchant');
      const inv = (
        await m.post('/invoices', {
          price: 30,
          currency: 'USD',
          notificationURL: hook.url,
          extendedNotifications: true,
        })
      ).json.data;
      await control(sb, 'POST', `/sandbox/invoices/${inv.id}/status`, { status: 'complete' });
      const r = await m.post('/refunds', { invoiceId: inv.id, amount: 10, guid: 'rf-1', reference: 'oops' });
      expect(r.status).toBe(200);
      expect(r.json.data).toMatchObject({ status: 'created', amount: 10, currency: 'USD', transactionCurrency: 'BTC' });
      expect(r.json.data.transactionAmount).toBe(0.000167);
      const id = r.json.data.id;
      expect((await m.get(`/refunds?invoiceId=${inv.id}`)).json.data.map((x: { id: string }) => x.id)).toEqual([id]);
      expect((await m.get('/refunds/guid/rf-1')).json.data.id).toBe(id);
      expect((await control(sb, 'POST', `/sandbox/refunds/${id}/status`, { status: 'pending' })).json.data.status).toBe(
        'pending',
      );
      expect((await m.del(`/refunds/${id}`)).json.code).toBe('040202');
      expect((await control(sb, 'POST', `/sandbox/refunds/${id}/status`, { status: 'success' })).json.data.status).toBe(
        'success',
      );
      await sb.clock.advance(0);
      const codes = hook.got.map((g) => JSON.parse(g.body).event.code);
      expect(codes).toContain(1016);
      const after = (await m.get(`/invoices/${inv.id}`)).json.data;
      expect(after.refundInfo).toEqual({ currency: 'USD', amounts: { USD: 10 } });
      expect((await control(sb, 'POST', `/sandbox/refunds/${id}/status`, { status: 'failure' })).status).toBe(409);
    } finally {
      await hook.close();
    }
  });

  it('refuses refunds on unpaid invoices (010207) and above what is left', async () => {
    const sb = await sandbox();
    const m = await signedAs(sb, 'merchant');
    const unpaid = (await m.post('/invoices', { price: 30, currency: 'USD' })).json.data;
    const r = await m.post('/refunds', { invoiceId: unpaid.id, amount: 5 });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ status: 'error', code: '010207', data: null, error: 'Invalid invoice state for refund' });
    const paid = await completedInvoice(sb, m);
    expect((await m.post('/refunds', { invoiceId: paid.id, amount: 20 })).status).toBe(200);
    expect((await m.post('/refunds', { invoiceId: paid.id, amount: 20 })).json.code).toBe('010202');
    expect((await m.post('/refunds', { invoiceId: paid.id })).json.errors[0].param).toBe('amount');
    expect((await m.get('/refunds/nope')).status).toBe(404);
  });

  it('preview refunds wait for PUT status=created; created ones can be cancelled; resend needs the refund token', async () => {
    const sb = await sandbox();
    const m = await signedAs(sb, 'merchant');
    const inv = await completedInvoice(sb, m);
    const p = (await m.post('/refunds', { invoiceId: inv.id, amount: 5, preview: true })).json.data;
    expect(p.status).toBe('preview');
    expect((await m.put(`/refunds/${p.id}`, { status: 'created' })).json.data.status).toBe('created');
    expect((await m.put(`/refunds/${p.id}`, { status: 'created' })).status).toBe(400);
    expect((await m.del(`/refunds/${p.id}`)).json.data.status).toBe('cancelled');
    expect((await m.post(`/refunds/${p.id}/notifications`, { token: p.token })).json).toEqual({
      status: 'success',
      data: {},
      message: null,
    });
    expect((await m.post(`/refunds/${p.id}/notifications`)).status).toBe(500);
  });
});

describe('ledgers and settlements follow from completed invoices', () => {
  it('credits sale and fee, debits refunds, and settles them', async () => {
    const sb = await sandbox();
    const m = await signedAs(sb, 'merchant');
    const inv = await completedInvoice(sb, m, 100);
    await m.post('/invoices', { price: 50, currency: 'USD' });
    const ledgers = (await m.get('/ledgers')).json.data;
    expect(ledgers).toEqual([{ currency: 'USD', balance: 99 }]);
    const entries = (await m.get('/ledgers/USD?startDate=2026-01-01&endDate=2026-01-31')).json.data;
    expect(entries.map((e: { code: number; amount: number }) => [e.code, e.amount])).toEqual([
      [1000, 10_000_000_000],
      [1023, -100_000_000],
    ]);
    expect(entries[0].invoiceId).toBe(inv.id);
    const refund = (await m.post('/refunds', { invoiceId: inv.id, amount: 40 })).json.data;
    await control(sb, 'POST', `/sandbox/refunds/${refund.id}/status`, { status: 'success' });
    expect((await m.get('/ledgers')).json.data).toEqual([{ currency: 'USD', balance: 59 }]);
    expect((await m.get('/ledgers/USD?startDate=2025-01-01&endDate=2025-01-31')).json.data).toEqual([]);

    const settlements = (await m.get('/settlements?startDate=2026-01-01&endDate=2026-01-31')).json.data;
    expect(settlements).toHaveLength(1);
    const s = settlements[0];
    expect(s).toMatchObject({ currency: 'USD', status: 'new', totalAmount: 59 });
    expect((await m.get(`/settlements/${s.id}`)).json.data.id).toBe(s.id);
    const report = await m.get(`/settlements/${s.id}/reconciliationReport?token=${s.token}`);
    expect(report.status).toBe(200);
    expect(report.json.data.ledgerEntries.map((e: { code: number }) => e.code)).toEqual([1000, 1023, 1020]);
    expect((await m.get(`/settlements/nope`)).status).toBe(404);
  });
});

describe('bills', () => {
  it('creates, reads, lists, updates and delivers (bill token) a bill', async () => {
    const sb = await sandbox();
    const m = await signedAs(sb, 'merchant');
    const items = [{ description: 'Widget', price: 6, quantity: 2 }];
    const b = (await m.post('/bills', { currency: 'USD', email: 'john@doe.com', items, dueDate: '2026-2-1' })).json;
    expect(b.facade).toBe('merchant/bill');
    expect(b.data).toMatchObject({ status: 'draft', currency: 'USD', dueDate: '2026-02-01T00:00:00.000Z' });
    expect((await m.get(`/bills/${b.data.id}`)).json.data.id).toBe(b.data.id);
    const upd = await m.put(`/bills/${b.data.id}`, { name: 'John', items: [...items, { description: 'x', price: 1 }] });
    expect(upd.json.data.items).toHaveLength(2);
    expect((await m.post(`/bills/${b.data.id}/deliveries`, { token: b.data.token })).json).toEqual({ data: 'Success' });
    expect((await m.get('/bills?status=sent')).json.data).toHaveLength(1);
    expect((await m.post('/bills', { currency: 'USD' })).json.errors.map((e: { param: string }) => e.param)).toEqual([
      'email',
      'items',
    ]);
  });
});

describe('subscriptions', () => {
  it('creates a draft, activates it with PUT, lists by status', async () => {
    const sb = await sandbox();
    const m = await signedAs(sb, 'merchant');
    const billData = { currency: 'USD', email: 'a@b.c', items: [{ description: 'Box', price: 9, quantity: 1 }] };
    const s = (await m.post('/subscriptions', { billData, schedule: 'monthly' })).json.data;
    expect(s.status).toBe('draft');
    expect((await m.put(`/subscriptions/${s.id}`, { token: s.token, status: 'active' })).json.data.status).toBe(
      'active',
    );
    expect((await m.get('/subscriptions?status=active')).json.data).toHaveLength(1);
    expect((await m.post('/subscriptions', { billData, schedule: 'sometimes' })).json.errors[0].param).toBe('schedule');
  });
});

describe('payouts and recipients', () => {
  it('invites recipients, pays them, cancels, and groups', async () => {
    const sb = await sandbox();
    const p = await signedAs(sb, 'payout');
    const recips = await p.post('/recipients', {
      recipients: [{ email: 'alice@email.com', label: 'Alice' }, { email: 'bob@email.com' }],
      guid: 'g',
    });
    expect(recips.json.data.map((r: { status: string }) => r.status)).toEqual(['invited', 'invited']);
    const alice = recips.json.data[0];
    expect((await p.put(`/recipients/${alice.id}`, { label: 'Alice B' })).json.data.label).toBe('Alice B');
    expect((await p.get('/recipients?status=invited')).json.data).toHaveLength(2);

    const payout = await p.post('/payouts', {
      amount: 10,
      currency: 'USD',
      ledgerCurrency: 'USD',
      recipientId: alice.id,
    });
    expect(payout.json).toMatchObject({ facade: 'payout/payout', status: 'success', message: null });
    expect(payout.json.data.email).toBe('alice@email.com');
    expect((await p.get(`/payouts/${payout.json.data.id}`)).json.data.status).toBe('new');
    expect((await p.post(`/payouts/${payout.json.data.id}/notifications`)).json.status).toBe('success');
    expect((await p.del(`/payouts/${payout.json.data.id}`)).json).toEqual({
      status: 'success',
      data: {},
      message: null,
    });
    expect((await p.get('/payouts?status=cancelled')).json.data).toHaveLength(1);

    const group = await p.post('/payouts/group', {
      instructions: [
        { amount: 5, currency: 'USD', ledgerCurrency: 'USD', email: 'x@y.z' },
        { amount: 5, currency: 'USD', email: 'john@doe.com' },
      ],
    });
    expect(group.json.created).toHaveLength(1);
    expect(group.json.failed).toEqual([{ errMessage: 'Ledger currency is required', payee: 'john@doe.com' }]);
    const cancelled = await p.del(`/payouts/group/${group.json.created[0].groupId}`);
    expect(cancelled.json.cancelled).toHaveLength(1);
    expect((await p.del(`/recipients/${alice.id}`)).json.status).toBe('success');
    expect((await p.get(`/recipients/${alice.id}`)).json.data.status).toBe('removed');
  });
});

describe('public resources', () => {
  it('rates: BTC base list, any base, a pair; realistic and deterministic', async () => {
    const sb = await sandbox();
    const all = (await call(sb, 'GET', '/rates')).json.data;
    const usd = all.find((r: { code: string }) => r.code === 'USD');
    expect(usd).toEqual({ code: 'USD', name: 'US Dollar', rate: 60000 });
    expect(all.find((r: { code: string }) => r.code === 'BTC').rate).toBe(1);
    for (const c of ['EUR', 'GBP', 'CAD', 'JPY']) expect(all.some((r: { code: string }) => r.code === c)).toBe(true);
    expect((await call(sb, 'GET', '/rates/ETH')).json.data.find((r: { code: string }) => r.code === 'USD').rate).toBe(
      3000,
    );
    expect((await call(sb, 'GET', '/rates/BTC/EUR')).json.data).toEqual({
      code: 'EUR',
      name: 'Eurozone Euro',
      rate: 55200,
    });
    expect((await call(sb, 'GET', '/rates/NOPE')).status).toBe(404);
  });

  it('currencies and wallets (either path spelling)', async () => {
    const sb = await sandbox();
    const currencies = (await call(sb, 'GET', '/currencies')).json.data;
    expect(currencies.find((c: { code: string }) => c.code === 'ETH')).toMatchObject({ decimals: 18, chain: 'ETH' });
    const a = (await call(sb, 'GET', '/supportedWallets')).json.data;
    const b = (await call(sb, 'GET', '/supportedwallets')).json.data;
    expect(a).toEqual(b);
    expect(a[0].key).toBe('bitpay');
  });

  it('answers unknown paths and methods with BitPay-style errors, never 500', async () => {
    const sb = await sandbox();
    expect((await call(sb, 'GET', '/nope')).status).toBe(404);
    expect((await call(sb, 'PATCH', '/invoices')).status).toBe(405);
    const big = await call(sb, 'POST', '/invoices', `{"x":"${'a'.repeat(1_100_000)}"}`);
    expect(big.status).toBe(413);
    expect(big.headers.get('x-sandbox-error-code')).toBe('body_too_large');
  });
});

describe('payout and recipient webhooks', () => {
  it('sends {event,data} for recipients (4001 invited, 4003 verified, 4007, 4006) and payouts (5001–5005), signed', async () => {
    const sb = await sandbox();
    const hook = await receiver();
    try {
      const p = await signedAs(sb, 'payout');
      const r = (await p.post('/recipients', { recipients: [{ email: 'a@b.c', notificationURL: hook.url }] })).json
        .data[0];
      await control(sb, 'POST', `/sandbox/recipients/${r.id}/status`, { status: 'verified' });
      await p.post(`/recipients/${r.id}/notifications`);
      const a = (
        await p.post('/payouts', {
          amount: 10,
          currency: 'USD',
          ledgerCurrency: 'USD',
          recipientId: r.id,
          notificationURL: hook.url,
        })
      ).json.data;
      for (const status of ['funded', 'processing', 'complete']) {
        expect((await control(sb, 'POST', `/sandbox/payouts/${a.id}/status`, { status })).json.data.status).toBe(
          status,
        );
      }
      const done = (await p.get(`/payouts/${a.id}`)).json.data;
      expect(done.transactions).toHaveLength(1);
      expect(done.transactions[0].amount).toBe(0.000167);
      expect((await control(sb, 'POST', `/sandbox/payouts/${a.id}/status`, { status: 'funded' })).status).toBe(409);
      await p.post(`/payouts/${a.id}/notifications`);
      const b = (
        await p.post('/payouts', {
          amount: 5,
          currency: 'USD',
          ledgerCurrency: 'USD',
          email: 'x@y.z',
          notificationURL: hook.url,
        })
      ).json.data;
      await p.del(`/payouts/${b.id}`);
      await p.del(`/recipients/${r.id}`);
      await sb.clock.advance(0);
      const events = hook.got.map((g) => JSON.parse(g.body).event.code);
      expect(events).toEqual([4001, 4003, 4007, 5001, 5002, 5003, 5005, 5004, 4006]);
      const { createHmac } = await import('node:crypto');
      for (const g of hook.got) {
        expect(g.headers['x-signature']).toBe(createHmac('sha256', p.token).update(g.body).digest('base64'));
      }
      expect(sb.ipns().map((d) => d.resource)).toContain('payout');
    } finally {
      await hook.close();
    }
  });
});
