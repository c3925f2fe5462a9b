import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RETRY_OFFSETS_MS, type Sandbox } from '../src/index.js';
import { KEY_A } from './helpers/bitauth.js';
import { call, control, pairedToken, posToken, receiver } from './helpers/http.js';
import { sandbox, T0 } from './helpers/sandbox.js';

const hmac = (body: string, key: string) => createHmac('sha256', key).update(body).digest('base64');

async function invoice(sb: Sandbox, token: string, url: string, extra: Record<string, unknown> = {}) {
  const r = await call(sb, 'POST', '/invoices', { price: 30, currency: 'USD', token, notificationURL: url, ...extra });
  return r.json.data;
}

describe('IPN delivery (§5)', () => {
  it('extended format: {event,data} with codes 1003, 1005, 1006 as the invoice moves, signed with the creating token', async () => {
    const sb = await sandbox();
    const hook = await receiver();
    try {
      const token = await posToken(sb);
      const inv = await invoice(sb, token, hook.url, { extendedNotifications: true });
      await control(sb, 'POST', `/sandbox/invoices/${inv.id}/pay`, { amount: 'full', currency: 'BTC' });
      await sb.clock.advance(6 * 600_000);
      const bodies = hook.got.map((g) => JSON.parse(g.body));
      expect(bodies.map((b) => b.event)).toEqual([
        { code: 1003, name: 'invoice_paidInFull' },
        { code: 1005, name: 'invoice_confirmed' },
        { code: 1006, name: 'invoice_completed' },
      ]);
      expect(bodies.map((b) => b.data.status)).toEqual(['paid', 'confirmed', 'complete']);
      for (const g of hook.got) {
        expect(g.headers['content-type']).toBe('application/json');
        expect(g.headers['x-signature']).toBe(hmac(g.body, token));
      }
      expect(bodies[0].data).toMatchObject({ id: inv.id, price: 30, currency: 'USD', transactionCurrency: 'BTC' });
      expect(Object.keys(bodies[0].data)).toEqual(
        expect.arrayContaining([
          'id',
          'url',
          'status',
          'invoiceTime',
          'exceptionStatus',
          'paymentTotals',
          'amountPaid',
        ]),
      );
    } finally {
      await hook.close();
    }
  });

  it('standard format: the bare invoice fields, and no expired IPN', async () => {
    const sb = await sandbox();
    const hook = await receiver();
    try {
      const token = await posToken(sb);
      const paid = await invoice(sb, token, hook.url, { orderId: 'o-1' });
      await control(sb, 'POST', `/sandbox/invoices/${paid.id}/pay`, { amount: 'full' });
      await invoice(sb, token, hook.url);
      await sb.clock.advance(900_000);
      const bodies = hook.got.map((g) => JSON.parse(g.body));
      expect(bodies.map((b) => [b.status, b.event])).toEqual([
        ['paid', undefined],
        ['confirmed', undefined],
      ]);
      expect(bodies[0]).toMatchObject({ id: paid.id, orderId: 'o-1', status: 'paid' });
    } finally {
      await hook.close();
    }
  });

  it('extended format adds expired (1004), failedToConfirm (1013) and declined (1019)', async () => {
    const sb = await sandbox();
    const hook = await receiver();
    try {
      const token = await posToken(sb);
      const ext = { extendedNotifications: true, transactionSpeed: 'low' };
      const a = await invoice(sb, token, hook.url, ext);
      const b = await invoice(sb, token, hook.url, ext);
      const c = await invoice(sb, token, hook.url, ext);
      await control(sb, 'POST', `/sandbox/invoices/${b.id}/pay`, { amount: 'full' });
      await control(sb, 'POST', `/sandbox/invoices/${b.id}/status`, { status: 'invalid' });
      await control(sb, 'POST', `/sandbox/invoices/${c.id}/status`, { status: 'declined' });
      await sb.clock.advance(900_000);
      const events = hook.got.map((g) => JSON.parse(g.body)).map((x) => `${x.data.id}:${x.event.code}`);
      expect(events).toEqual(expect.arrayContaining([`${a.id}:1004`, `${b.id}:1003`, `${b.id}:1013`, `${c.id}:1019`]));
      expect(events).toHaveLength(4);
    } finally {
      await hook.close();
    }
  });

  it('fullNotifications:false sends one IPN, at confirmed', async () => {
    const sb = await sandbox();
    const hook = await receiver();
    try {
      const token = await posToken(sb);
      const inv = await invoice(sb, token, hook.url, { fullNotifications: false });
      await control(sb, 'POST', `/sandbox/invoices/${inv.id}/pay`, { amount: 'full' });
      await sb.clock.advance(6 * 600_000);
      expect(hook.got.map((g) => JSON.parse(g.body).status)).toEqual(['confirmed']);
    } finally {
      await hook.close();
    }
  });

  it('payload carries the status at delivery time and exact big amounts', async () => {
    const sb = await sandbox();
    const hook = await receiver();
    try {
      const token = await posToken(sb);
      const inv = await invoice(sb, token, hook.url, { extendedNotifications: true });
      await control(sb, 'POST', `/sandbox/invoices/${inv.id}/pay`, { amount: 'full', currency: 'PAX' });
      await sb.clock.advance(0);
      expect(hook.got[0]!.body).toContain('"amountPaid":30000000000000000000');
    } finally {
      await hook.close();
    }
  });

  it('retries a failing endpoint on BitPay’s schedule (0, 1, 5, 14, 30 min) on the sandbox clock, then gives up', async () => {
    const sb = await sandbox();
    const hook = await receiver(() => 500);
    try {
      const token = await posToken(sb);
      const inv = await invoice(sb, token, hook.url, { transactionSpeed: 'high' });
      await control(sb, 'POST', `/sandbox/invoices/${inv.id}/pay`, { amount: 'full' });
      await sb.clock.advance(0);
      expect(sb.ipns()).toHaveLength(1);
      await sb.clock.advance(59_999);
      expect(sb.ipns()).toHaveLength(1);
      await sb.clock.advance(3 * 3_600_000);
      const attempts = sb.ipns().filter((d) => d.invoiceId === inv.id && d.event?.code === 1005);
      expect(attempts.map((d) => d.at - attempts[0]!.at)).toEqual([...RETRY_OFFSETS_MS]);
      expect(attempts.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5]);
      expect(attempts.every((d) => d.outcome === 'failed' && d.status === 500)).toBe(true);
      expect(hook.got.filter((g) => JSON.parse(g.body).status === 'confirmed').length).toBeGreaterThanOrEqual(5);
    } finally {
      await hook.close();
    }
  });

  it('stops retrying once the endpoint answers 200', async () => {
    const sb = await sandbox();
    let n = 0;
    const hook = await receiver(() => (++n <= 2 ? 503 : 200));
    try {
      const token = await posToken(sb);
      const inv = await invoice(sb, token, hook.url, { transactionSpeed: 'high' });
      await control(sb, 'POST', `/sandbox/invoices/${inv.id}/pay`, { amount: 'full' });
      await sb.clock.advance(50 * 60_000);
      const confirmed = sb.ipns().filter((d) => d.event?.code === 1005);
      expect(confirmed.map((d) => d.outcome)).toEqual(['failed', 'failed', 'delivered']);
      expect(confirmed[2]!.at - T0).toBe(300_000);
    } finally {
      await hook.close();
    }
  });

  it('never follows redirects: a 302 is a failed delivery', async () => {
    const sb = await sandbox();
    const target = await receiver();
    const hook = await receiver(() => 302, { location: target.url });
    try {
      const token = await posToken(sb);
      const inv = await invoice(sb, token, hook.url, { transactionSpeed: 'high' });
      await control(sb, 'POST', `/sandbox/invoices/${inv.id}/pay`, { amount: 'full' });
      await sb.clock.advance(0);
      expect(sb.ipns()[0]).toMatchObject({ outcome: 'failed', status: 302 });
      expect(target.got).toHaveLength(0);
    } finally {
      await hook.close();
      await target.close();
    }
  });

  it('records an unreachable endpoint as failed with an error', async () => {
    const sb = await sandbox();
    const hook = await receiver();
    const url = hook.url;
    await hook.close();
    const token = await posToken(sb);
    const inv = await invoice(sb, token, url, { transactionSpeed: 'high' });
    await control(sb, 'POST', `/sandbox/invoices/${inv.id}/pay`, { amount: 'full' });
    await sb.clock.advance(0);
    expect(sb.ipns()[0]!.outcome).toBe('failed');
    expect(sb.ipns()[0]!.error).toBeTruthy();
    const listed = await control(sb, 'GET', '/sandbox/ipns');
    expect(listed.json.data[0].invoiceId).toBe(inv.id);
  });

  it('goes out as a server sends it: a user agent naming the sandbox, no browser fetch headers (sec-fetch-*)', async () => {
    const sb = await sandbox();
    const hook = await receiver();
    try {
      const token = await posToken(sb);
      const inv = await invoice(sb, token, hook.url, { transactionSpeed: 'high', extendedNotifications: true });
      await control(sb, 'POST', `/sandbox/invoices/${inv.id}/pay`, { amount: 'full' });
      await sb.clock.advance(0);
      const got = hook.got[0]!;
      expect(got.headers['user-agent']).toMatch(/^BitPay-Sandbox .*bitpay-sandbox/);
      expect(got.headers['user-agent']).not.toBe('node');
      expect(Object.keys(got.headers).filter((h) => h.startsWith('sec-fetch-'))).toEqual([]);
      expect(got.headers['accept-language']).toBeUndefined();
      expect(got.headers['content-type']).toBe('application/json');
      expect(got.headers.accept).toBe('application/json');
      expect(got.headers['content-length']).toBe(String(Buffer.byteLength(got.body)));
      expect(got.headers['x-signature']).toBe(hmac(got.body, token));
      // The log shows what was sent.
      expect(sb.ipns()[0]!.headers['user-agent']).toBe(got.headers['user-agent']);
    } finally {
      await hook.close();
    }
  });

  it('can be switched off: signIpns:false sends no x-signature', async () => {
    const sb = await sandbox({ signIpns: false });
    const hook = await receiver();
    try {
      const token = await posToken(sb);
      const inv = await invoice(sb, token, hook.url, { transactionSpeed: 'high' });
      await control(sb, 'POST', `/sandbox/invoices/${inv.id}/pay`, { amount: 'full' });
      await sb.clock.advance(0);
      expect(hook.got[0]!.headers['x-signature']).toBeUndefined();
    } finally {
      await hook.close();
    }
  });

  it('resends on POST /invoices/:id/notifications with the invoice token only (1012)', async () => {
    const sb = await sandbox();
    const hook = await receiver();
    try {
      const merchant = await pairedToken(sb, KEY_A, 'merchant');
      const created = await call(
        sb,
        'POST',
        '/invoices',
        { price: 5, currency: 'USD', token: merchant, notificationURL: hook.url, extendedNotifications: true },
        { key: KEY_A },
      );
      const inv = created.json.data;
      const wrong = await call(sb, 'POST', `/invoices/${inv.id}/notifications`, { token: merchant }, { key: KEY_A });
      expect(wrong.status).toBe(500);
      expect(wrong.json).toEqual({ error: 'Invalid token' });
      const ok = await call(sb, 'POST', `/invoices/${inv.id}/notifications`, { token: inv.token }, { key: KEY_A });
      expect(ok.json).toEqual({ data: 'Success' });
      await sb.clock.advance(0);
      expect(hook.got).toHaveLength(1);
      const body = JSON.parse(hook.got[0]!.body);
      expect(body.event).toEqual({ code: 1012, name: 'invoice_manuallyNotified' });
      expect(body.data.status).toBe('new');
      expect(hook.got[0]!.headers['x-signature']).toBe(hmac(hook.got[0]!.body, merchant));
    } finally {
      await hook.close();
    }
  });

  it('gives up on an endpoint that never answers after the delivery timeout, and retries later', async () => {
    const sb = await sandbox({ ipnTimeoutMs: 300 });
    const hanging = createServer(() => {});
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/ipn`;
      const token = await posToken(sb);
      const inv = await invoice(sb, token, url, { transactionSpeed: 'high' });
      await control(sb, 'POST', `/sandbox/invoices/${inv.id}/pay`, { amount: 'full' });
      await sb.clock.advance(60_000);
      const attempts = sb.ipns();
      expect(attempts.map((d) => d.outcome)).toEqual(['failed', 'failed']);
      expect(attempts[0]!.status).toBeUndefined();
      expect(attempts[0]!.error).toBeTruthy();
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((r) => hanging.close(() => r()));
    }
  });
});
