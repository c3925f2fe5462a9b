// Requests as BitPay's official PHP SDK 10.1 (the library under BitPay's WooCommerce and Magento plugins) sends
// them: bodies written by PHP's json_encode (`\/`, `\u00eb`, nulls kept, empty fields dropped by toArray),
// query strings written by http_build_query (booleans as 1/0), its headers, signed over the exact bytes.
// Each body below was produced by PHP 8.2's json_encode from the array the SDK builds (issue 13).
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { KEY_A } from './helpers/bitauth.js';
import { type CallOptions, call, control, pairedToken, posToken, receiver } from './helpers/http.js';
import { sandbox, T0 } from './helpers/sandbox.js';

/** The headers RESTcli sends on every call (Env.php of SDK 10.1.0). */
const PHP_HEADERS = {
  'x-accept-version': '2.0.0',
  'x-bitpay-plugin-info': 'BitPay_PHP_Client_v10.1.0',
  'x-bitpay-api-frame': 'std',
  'x-bitpay-api-frame-version': '1.0.0',
};

/** A call as RESTcli makes it: `body` is the json_encode output, signed with Key A unless `unsigned`. */
const php = (sb: Sandbox, method: string, path: string, body?: string, unsigned = false) => {
  const opts: CallOptions = { headers: PHP_HEADERS };
  if (!unsigned) opts.key = KEY_A;
  return call(sb, method, path, body, opts);
};

/** WooCommerce 5.5+'s invoice (class-bitpayinvoicecreate.php): PosClient, unsigned, acceptanceWindow 1200000. */
const wooInvoiceBody = (token: string, notificationURL: string, guid = '7f1d6c1e-5b43-4b7a-9c35-2f0e4d5a6b71') =>
  `{"currency":"USD","guid":"${guid}","token":"${token}","price":25.5,` +
  `"notificationURL":"${notificationURL.replaceAll('/', '\\/')}",` +
  `"redirectURL":"http:\\/\\/shop.test\\/checkout\\/order-received\\/42\\/?key=wc_order_Xy12&redirect=false",` +
  `"orderId":"42","acceptanceWindow":1200000,"buyer":{"name":"Zo\\u00eb Doe","email":"zoe@example.com"},` +
  `"extendedNotifications":true}`;

const pay = (sb: Sandbox, id: string, amount = 'full') =>
  control(sb, 'POST', `/sandbox/invoices/${id}/pay`, { amount, currency: 'BTC' });

describe('1. acceptanceWindow as the WooCommerce plugin sends it (1200000)', () => {
  it('creates the invoice, and its window (expirationTime) is the 20 minutes asked for', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const r = await php(sb, 'POST', '/invoices', wooInvoiceBody(token, 'http://127.0.0.1:9/ipn'), true);
    expect(r.status).toBe(200);
    const inv = r.json.data;
    expect(inv.expirationTime - inv.invoiceTime).toBe(1_200_000);
    expect(inv.invoiceTime).toBe(T0);
    expect(inv.buyer).toEqual({ name: 'Zoë Doe', email: 'zoe@example.com' });
  });

  it('takes a payment after 15 minutes (still inside the window) at the quoted amount, and expires at 20', async () => {
    const sb = await sandbox();
    const hook = await receiver();
    try {
      const token = await posToken(sb);
      const a = (await php(sb, 'POST', '/invoices', wooInvoiceBody(token, hook.url), true)).json.data;
      const other = wooInvoiceBody(token, hook.url, 'c2a9e0f4-8d1b-4e6a-b7c3-5f9d2e1a0b84');
      const b = (await php(sb, 'POST', '/invoices', other, true)).json.data;
      expect(b.id).not.toBe(a.id);
      await sb.clock.advance(1_000_000); // past BitPay's default 15 minutes, inside the 20 asked for
      const paid = (await pay(sb, a.id)).json.data;
      expect(paid.status).toBe('paid');
      expect(paid.amountPaid).toBe(a.paymentTotals.BTC);
      expect(paid.exceptionStatus).toBe(false);
      await sb.clock.advance(199_999);
      expect((await call(sb, 'GET', `/invoices/${b.id}?token=${token}`)).json.data.status).toBe('new');
      await sb.clock.advance(1);
      expect((await call(sb, 'GET', `/invoices/${b.id}?token=${token}`)).json.data.status).toBe('expired');
      // After the window a payment is late: the invoice stays expired (what BitPay does; README decisions).
      const late = (await pay(sb, b.id)).json.data;
      expect(late.status).toBe('expired');
      expect(late.exceptionStatus).toBe('paidOver');
      const events = hook.got.map((g) => JSON.parse(g.body)).map((x) => `${x.data.id}:${x.event.name}`);
      expect(events).toContain(`${a.id}:invoice_paidInFull`);
      expect(events).toContain(`${b.id}:invoice_expired`);
    } finally {
      await hook.close();
    }
  });

  it('accepts other positive integer windows and still refuses zero, negatives, fractions and text', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const body = (w: string) => `{"currency":"USD","token":"${token}","price":5,"acceptanceWindow":${w}}`;
    const day = await php(sb, 'POST', '/invoices', body('86400000'), true);
    expect(day.json.data.expirationTime - day.json.data.invoiceTime).toBe(86_400_000);
    for (const bad of ['0', '-1', '1200000.5', '"soon"']) {
      const r = await php(sb, 'POST', '/invoices', body(bad), true);
      expect(r.status, bad).toBe(400);
      expect(r.json.errors[0].param).toBe('acceptanceWindow');
    }
  });
});

describe('2. query booleans written by http_build_query (1/0)', () => {
  it('DELETE /invoices/:id?token=…&forceCancel=1 force-cancels a partly paid invoice; forceCancel=0 does not', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const create = `{"currency":"USD","token":"${token}","price":5}`;
    const a = (await php(sb, 'POST', '/invoices', create)).json.data;
    await pay(sb, a.id, 'partial');
    const zero = await php(sb, 'DELETE', `/invoices/${a.id}?token=${token}&forceCancel=0`);
    expect(zero.status).toBe(400);
    expect(zero.json.code).toBe('040107');
    const one = await php(sb, 'DELETE', `/invoices/${a.id}?token=${token}&forceCancel=1`);
    expect(one.status).toBe(200);
    expect(one.json.data).toMatchObject({ status: 'expired', isCancelled: true });
  });

  it('DELETE /invoices/guid/:guid?…&forceCancel=1 (cancelByGuid) as well', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const guid = '0b7d6f2e-2d7e-4c59-9a4e-8f1f3a2b9c10';
    const a = (await php(sb, 'POST', '/invoices', `{"currency":"USD","guid":"${guid}","token":"${token}","price":5}`))
      .json.data;
    await pay(sb, a.id, 'partial');
    const r = await php(sb, 'DELETE', `/invoices/guid/${guid}?token=${token}&forceCancel=1`);
    expect(r.status).toBe(200);
    expect(r.json.data.isCancelled).toBe(true);
  });

  it('still refuses a boolean that is neither true/false nor 1/0', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const a = (await php(sb, 'POST', '/invoices', `{"currency":"USD","token":"${token}","price":5}`)).json.data;
    const r = await php(sb, 'DELETE', `/invoices/${a.id}?token=${token}&forceCancel=yes`);
    expect(r.status).toBe(400);
    expect(r.json.errors[0].param).toBe('forceCancel');
  });
});

describe('3. PUT /invoices/:id with buyerEmail (InvoiceClient::update)', () => {
  it('sets buyer.email as well as buyerProvidedEmail, keeping the other buyer fields', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const create = `{"currency":"USD","token":"${token}","price":5,"buyer":{"name":"Ann"}}`;
    const a = (await php(sb, 'POST', '/invoices', create)).json.data;
    const update = `{"token":"${token}","buyerEmail":"buyer@example.com","buyerSms":null,"smsCode":null,"autoVerify":false}`;
    const r = await php(sb, 'PUT', `/invoices/${a.id}`, update);
    expect(r.status).toBe(200);
    expect(r.json.data.buyer).toEqual({ name: 'Ann', email: 'buyer@example.com' });
    expect(r.json.data.buyerProvidedEmail).toBe('buyer@example.com');
    const read = await php(sb, 'GET', `/invoices/${a.id}?token=${token}`);
    expect(read.json.data.buyer.email).toBe('buyer@example.com');
  });
});

describe('4. a bill created without cc (Bill::toArray drops empty fields)', () => {
  it('comes back with cc: [] on create, get and list', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const body =
      `{"currency":"USD","token":"${token}","email":"john@doe.com",` +
      `"items":[{"description":"Test Item 1","price":6,"quantity":1}],"number":"bill-42"}`;
    const created = await php(sb, 'POST', '/bills', body);
    expect(created.status).toBe(200);
    expect(created.json.data.cc).toEqual([]);
    const id = created.json.data.id;
    expect((await php(sb, 'GET', `/bills/${id}?token=${token}`)).json.data.cc).toEqual([]);
    expect((await php(sb, 'GET', `/bills?token=${token}`)).json.data[0].cc).toEqual([]);
  });
});

describe('5. PUT /invoices/pay/:id in two steps (InvoiceClient::pay)', () => {
  it('moves new → confirmed, then confirmed → complete, and refuses to go back', async () => {
    const sb = await sandbox();
    const hook = await receiver();
    try {
      const token = await pairedToken(sb, KEY_A, 'merchant');
      const create = `{"currency":"USD","token":"${token}","price":5,"notificationURL":"${hook.url.replaceAll('/', '\\/')}","extendedNotifications":true}`;
      const a = (await php(sb, 'POST', '/invoices', create)).json.data;
      const confirmed = await php(sb, 'PUT', `/invoices/pay/${a.id}`, `{"token":"${token}","status":"confirmed"}`);
      expect(confirmed.json.data.status).toBe('confirmed');
      const complete = await php(sb, 'PUT', `/invoices/pay/${a.id}`, `{"token":"${token}","status":"complete"}`);
      expect(complete.status).toBe(200);
      expect(complete.json.data.status).toBe('complete');
      const back = await php(sb, 'PUT', `/invoices/pay/${a.id}`, `{"token":"${token}","status":"confirmed"}`);
      expect(back.status).toBe(400);
      expect(back.json).toMatchObject({ status: 'error', code: '030100' });
      await sb.clock.advance(0);
      expect(hook.got.map((g) => JSON.parse(g.body).event.name)).toEqual([
        'invoice_paidInFull',
        'invoice_confirmed',
        'invoice_completed',
      ]);
    } finally {
      await hook.close();
    }
  });
});
