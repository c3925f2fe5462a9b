import { describe, expect, it } from 'vitest';
import { identityOf, isHighS, KEY_A, KEY_B, SIN_A, signHex, sinOf } from './helpers/bitauth.js';
import { call, control, pairedToken, posToken } from './helpers/http.js';
import { sandbox, T0 } from './helpers/sandbox.js';

const invoiceBody = (token: string) => ({ price: 10, currency: 'USD', token });

describe('facade rules (§2.1)', () => {
  it('lets a pos token create and read invoices unsigned', async () => {
    const sb = await sandbox();
    const token = await posToken(sb);
    const created = await call(sb, 'POST', '/invoices', invoiceBody(token));
    expect(created.status).toBe(200);
    expect(created.json.facade).toBe('pos/invoice');
    const read = await call(sb, 'GET', `/invoices/${created.json.data.id}?token=${token}`);
    expect(read.json.data.id).toBe(created.json.data.id);
  });

  it('refuses an unsigned merchant call', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const r = await call(sb, 'POST', '/invoices', invoiceBody(token));
    expect(r.status).toBe(403);
    expect(r.headers.get('x-sandbox-error-code')).toBe('signature_required');
    expect(r.json).toEqual({ error: 'Unauthorized' });
  });

  it('accepts a merchant call signed over the addressed URL and raw body', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const r = await call(sb, 'POST', '/invoices', invoiceBody(token), { key: KEY_A });
    expect(r.status).toBe(200);
    expect(r.json.facade).toBe('merchant/invoice');
  });

  it('refuses a bad signature with BitPay’s envelope', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const url = `${sb.url}invoices`;
    const r = await call(sb, 'POST', '/invoices', invoiceBody(token), {
      key: KEY_A,
      signOverride: `${url}{"price":11,"currency":"USD","token":"${token}"}`,
    });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: 'Invalid signature' });
    expect(r.headers.get('x-sandbox-error-code')).toBe('invalid_signature');
  });

  it('refuses a signature over another host (the URL is part of what is signed)', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const body = JSON.stringify(invoiceBody(token));
    const r = await call(sb, 'POST', '/invoices', body, {
      key: KEY_A,
      signOverride: `https://test.bitpay.com/invoices${body}`,
    });
    expect(r.headers.get('x-sandbox-error-code')).toBe('invalid_signature');
  });

  it('accepts high-S and low-S signatures alike', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const path = `/invoices?token=${token}&dateStart=2026-01-01&dateEnd=2026-01-31`;
    const url = sb.url + path.slice(1);
    const high = signHex(KEY_A, url, 'high');
    const low = signHex(KEY_A, url, 'low');
    expect(isHighS(high)).toBe(true);
    expect(isHighS(low)).toBe(false);
    for (const sig of [high, low]) {
      const r = await call(sb, 'GET', path, undefined, {
        headers: { 'X-Identity': identityOf(KEY_A), 'X-Signature': sig },
      });
      expect(r.status).toBe(200);
    }
  });

  it('refuses a token signed by a SIN it is not bound to', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const r = await call(sb, 'POST', '/invoices', invoiceBody(token), { key: KEY_B });
    expect(r.status).toBe(500);
    expect(r.json).toEqual({ error: 'Unauthorized sin' });
    expect(r.headers.get('x-sandbox-error-code')).toBe('unauthorized_sin');
  });

  it('refuses an unknown token with HTTP 500 {"error":"Invalid token"}', async () => {
    const sb = await sandbox();
    const r = await call(sb, 'GET', '/invoices/abc?token=nope');
    expect(r.status).toBe(500);
    expect(r.json).toEqual({ error: 'Invalid token' });
  });

  it('refuses a pos token on a merchant endpoint and a merchant token on a payout endpoint', async () => {
    const sb = await sandbox();
    const pos = await posToken(sb);
    const cancel = await call(sb, 'DELETE', `/invoices/x?token=${pos}`);
    expect(cancel.status).toBe(403);
    expect(cancel.json).toEqual({ error: 'Unauthorized' });
    expect(cancel.headers.get('x-sandbox-error-code')).toBe('wrong_facade');
    const merchant = await pairedToken(sb, KEY_A, 'merchant');
    const payout = await call(sb, 'GET', `/payouts?token=${merchant}`, undefined, { key: KEY_A });
    expect(payout.headers.get('x-sandbox-error-code')).toBe('wrong_facade');
  });

  it('ignores stale signature headers on public endpoints (Node SDK 8.0.4 bug, §1.3)', async () => {
    const sb = await sandbox();
    const r = await call(sb, 'GET', '/rates/BTC', undefined, {
      headers: { 'X-Identity': identityOf(KEY_A), 'X-Signature': signHex(KEY_A, 'https://test.bitpay.com/tokens') },
    });
    expect(r.status).toBe(200);
    expect(r.json.data.length).toBeGreaterThan(10);
  });

  it('accepts PHP-encoded bodies (\\/ and \\uXXXX) signed over the exact bytes', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const raw = `{"price":12.5,"currency":"EUR","itemDesc":"Caf\\u00e9 \\/ cr\\u00e8me","redirectURL":"https:\\/\\/shop.example\\/thanks","token":"${token}"}`;
    const r = await call(sb, 'POST', '/invoices', raw, { key: KEY_A });
    expect(r.status).toBe(200);
    expect(r.json.data.itemDesc).toBe('Café / crème');
    expect(r.json.data.redirectURL).toBe('https://shop.example/thanks');
    const resigned = await call(sb, 'POST', '/invoices', raw, {
      key: KEY_A,
      signOverride: sb.url + 'invoices' + JSON.stringify(JSON.parse(raw)),
    });
    expect(resigned.headers.get('x-sandbox-error-code')).toBe('invalid_signature');
  });
});

describe('signed URL behind a proxy', () => {
  it('verifies against publicUrl when one is set, not against the socket address', async () => {
    const sb = await sandbox({ publicUrl: 'https://bitpay.tunnel.example/' });
    expect(sb.url).toBe('https://bitpay.tunnel.example/');
    const token = (
      await control({ url: sb.localUrl } as typeof sb, 'POST', '/sandbox/tokens', { facade: 'merchant', sin: SIN_A })
    ).json.data.token;
    const path = `invoices?token=${token}&dateStart=2026-01-01&dateEnd=2026-01-31`;
    const send = (signedBase: string) =>
      fetch(sb.localUrl + path, {
        headers: { 'x-identity': identityOf(KEY_A), 'x-signature': signHex(KEY_A, signedBase + path) },
      });
    expect((await send(sb.url)).status).toBe(200);
    expect((await send(sb.localUrl)).status).toBe(401);
  });

  it('uses X-Forwarded-Proto/Host only when trustProxy is on', async () => {
    for (const trustProxy of [false, true]) {
      const sb = await sandbox({ trustProxy });
      const token = (await control(sb, 'POST', '/sandbox/tokens', { facade: 'merchant', sin: SIN_A })).json.data.token;
      const path = `invoices?token=${token}&dateStart=2026-01-01&dateEnd=2026-01-31`;
      const res = await fetch(sb.url + path, {
        headers: {
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'pay.shop.example',
          'x-identity': identityOf(KEY_A),
          'x-signature': signHex(KEY_A, `https://pay.shop.example/${path}`),
        },
      });
      expect(res.status).toBe(trustProxy ? 200 : 401);
    }
  });
});

describe('pairing (§2.2)', () => {
  it('issues a 7-character code and an inactive token that works once approved', async () => {
    const sb = await sandbox();
    const r = await call(sb, 'POST', '/tokens', { id: SIN_A, facade: 'merchant', label: 'shop' });
    expect(r.status).toBe(200);
    const t = r.json.data[0];
    expect(t.pairingCode).toMatch(/^[1-9A-HJ-NP-Za-km-z]{7}$/);
    expect(t.pairingExpiration - t.dateCreated).toBe(86_400_000);
    expect(t.dateCreated).toBe(T0);
    expect(t.policies).toEqual([{ policy: 'id', method: 'inactive', params: [SIN_A] }]);
    const before = await call(sb, 'POST', '/invoices', invoiceBody(t.token), { key: KEY_A });
    expect(before.status).toBe(500);
    expect(before.headers.get('x-sandbox-error-code')).toBe('token_inactive');
    expect((await control(sb, 'POST', `/sandbox/pairing/${t.pairingCode}/approve`)).status).toBe(200);
    const after = await call(sb, 'POST', '/invoices', invoiceBody(t.token), { key: KEY_A });
    expect(after.status).toBe(200);
  });

  it('codes are single use', async () => {
    const sb = await sandbox();
    const t = (await call(sb, 'POST', '/tokens', { id: SIN_A, facade: 'merchant' })).json.data[0];
    await control(sb, 'POST', `/sandbox/pairing/${t.pairingCode}/approve`);
    const again = await control(sb, 'POST', `/sandbox/pairing/${t.pairingCode}/approve`);
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('pairing_code_used');
  });

  it('codes expire after 24 hours on the sandbox clock', async () => {
    const sb = await sandbox();
    const t = (await call(sb, 'POST', '/tokens', { id: SIN_A, facade: 'merchant' })).json.data[0];
    await sb.clock.advance(86_400_000);
    const late = await control(sb, 'POST', `/sandbox/pairing/${t.pairingCode}/approve`);
    expect(late.json.code).toBe('pairing_code_expired');
    const r = await call(sb, 'POST', '/invoices', invoiceBody(t.token), { key: KEY_A });
    expect(r.headers.get('x-sandbox-error-code')).toBe('token_inactive');
  });

  it('auto-approve activates tokens at once', async () => {
    const sb = await sandbox({ autoApprove: true });
    const t = (await call(sb, 'POST', '/tokens', { id: sinOf(KEY_B), facade: 'merchant' })).json.data[0];
    expect(t.policies[0].method).toBe('require');
    expect((await call(sb, 'POST', '/invoices', invoiceBody(t.token), { key: KEY_B })).status).toBe(200);
  });

  it('claims a dashboard code once, within 24 h, as a token that must be signed', async () => {
    const sb = await sandbox();
    const code = (await control(sb, 'POST', '/sandbox/pairing-codes', { facade: 'pos' })).json.data.pairingCode;
    const claimed = await call(sb, 'POST', '/tokens', { id: SIN_A, pairingCode: code });
    expect(claimed.status).toBe(200);
    const token = claimed.json.data[0].token;
    expect((await call(sb, 'POST', '/invoices', invoiceBody(token))).status).toBe(403);
    expect((await call(sb, 'POST', '/invoices', invoiceBody(token), { key: KEY_A })).status).toBe(200);
    const reuse = await call(sb, 'POST', '/tokens', { id: SIN_A, pairingCode: code });
    expect(reuse.status).toBe(500);
    expect(reuse.headers.get('x-sandbox-error-code')).toBe('pairing_code_used');

    const old = (await control(sb, 'POST', '/sandbox/pairing-codes', { facade: 'pos' })).json.data.pairingCode;
    await sb.clock.advance(86_400_001);
    const expired = await call(sb, 'POST', '/tokens', { id: SIN_A, pairingCode: old });
    expect(expired.status).toBe(500);
    expect(expired.headers.get('x-sandbox-error-code')).toBe('pairing_code_expired');
  });

  it('refuses a malformed SIN or facade', async () => {
    const sb = await sandbox();
    expect((await call(sb, 'POST', '/tokens', { id: 'nope', facade: 'merchant' })).json.errors[0].param).toBe('id');
    expect((await call(sb, 'POST', '/tokens', { id: SIN_A, facade: 'root' })).json.errors[0].param).toBe('facade');
    expect((await call(sb, 'POST', '/tokens', {})).json.errors[0]).toEqual({
      error: 'Missing required parameter.',
      param: 'id',
    });
  });

  it('GET /tokens lists the approved tokens of the signing SIN', async () => {
    const sb = await sandbox();
    const merchant = await pairedToken(sb, KEY_A, 'merchant');
    const payout = await pairedToken(sb, KEY_A, 'payout');
    await pairedToken(sb, KEY_B, 'merchant');
    const r = await call(sb, 'GET', '/tokens', undefined, { key: KEY_A });
    expect(r.json.data).toEqual([{ merchant }, { payout }]);
  });
});

describe('token SINs (§2.2)', () => {
  it('links a second key to a token, lists, and unlinks it only when the other key signs', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const sinB = sinOf(KEY_B);
    expect((await call(sb, 'GET', `/tokens/${token}/sins`, undefined, { key: KEY_A })).json.data).toEqual([SIN_A]);
    expect((await call(sb, 'GET', `/tokens/${token}/sins`, undefined, { key: KEY_B })).status).toBe(500);
    const linked = await call(sb, 'POST', `/tokens/${token}/sins`, { sin: sinB }, { key: KEY_A });
    expect(linked.json.data).toEqual([SIN_A, sinB]);
    expect((await call(sb, 'POST', '/invoices', invoiceBody(token), { key: KEY_B })).status).toBe(200);
    expect((await call(sb, 'DELETE', `/tokens/${token}/sins/${sinB}`, undefined, { key: KEY_B })).status).toBe(500);
    const unlinked = await call(sb, 'DELETE', `/tokens/${token}/sins/${sinB}`, undefined, { key: KEY_A });
    expect(unlinked.json.data).toEqual([SIN_A]);
    expect((await call(sb, 'POST', '/invoices', invoiceBody(token), { key: KEY_B })).status).toBe(500);
  });
});

describe('the §1.5 recorded requests, replayed byte for byte', () => {
  // The SDK's own captures, addressed to https://test.bitpay.com/ (the sandbox's publicUrl here).
  const A3_BODY =
    '{"price":10,"currency":"USD","orderId":"order-1","notificationURL":"https://merchant.example/ipn","guid":"guid-1","token":"someMerchantToken"}';
  const A3_SIG =
    '3045022100f1139b059d6a5cdc351c5a10e20414d8a6314a25c63b3c0ebb1600d37fede6b002202158f9b1f6e14fa45b358a766c5f15c369838b70d77db3361f41e9692780bf79';
  const A4_SIG =
    '304502210087ffeedcc41e4b9c42eee4e1593bc2ca3e1847371292ec22554f2d40e2350029022011c8837a530341a93fca6bdd4be8a2d1899860d631b45d7859666accd864772b';
  const A5_SIG =
    '3046022100b1ccbb8395abd97711949f69d042e4e08f257f1b5ae1c3b169f05996ea7ff88f0221009290ecc35b348bb131770b49027ec511213d8e0b5281eba9854b6ca13ea9834c';

  async function setup() {
    const sb = await sandbox({ publicUrl: 'https://test.bitpay.com/' });
    const local = { ...sb, url: sb.localUrl };
    const made = await control(local, 'POST', '/sandbox/tokens', {
      facade: 'merchant',
      sin: SIN_A,
      token: 'someMerchantToken',
    });
    expect(made.status).toBe(200);
    const send = (method: string, path: string, sig: string, body?: string) =>
      fetch(sb.localUrl + path, {
        method,
        body,
        headers: {
          'X-Accept-Version': '2.0.0',
          'Content-Type': 'application/json',
          'X-Identity': identityOf(KEY_A),
          'X-Signature': sig,
        },
      });
    return { sb, local, send };
  }

  it('A3 (createInvoice) creates the invoice', async () => {
    const { send } = await setup();
    const r = await send('POST', 'invoices', A3_SIG, A3_BODY);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.data).toMatchObject({ orderId: 'order-1', guid: 'guid-1', price: 10 });
    expect(body.data.url.startsWith('https://test.bitpay.com/invoice?id=')).toBe(true);
  });

  it('A4 (GET) and A5 (DELETE, high-S) pass authentication and reach the resource', async () => {
    const { send } = await setup();
    const a4 = await send('GET', 'invoices/G3viJEJgE8Jk2oekSdgT2A?token=someMerchantToken', A4_SIG);
    expect(a4.status).toBe(404);
    expect(a4.headers.get('x-sandbox-error-code')).toBe('invoice_not_found');
    const a5 = await send('DELETE', 'invoices/G3viJEJgE8Jk2oekSdgT2A?token=someMerchantToken&forceCancel=true', A5_SIG);
    expect(a5.headers.get('x-sandbox-error-code')).toBe('invoice_not_found');
    const swapped = await send('GET', 'invoices/G3viJEJgE8Jk2oekSdgT2A?token=someMerchantToken', A5_SIG);
    expect(swapped.headers.get('x-sandbox-error-code')).toBe('invalid_signature');
  });

  it('accepts the legacy client’s explicit :443 in the signed URL', async () => {
    const { sb, send } = await setup();
    expect(sb.url).toBe('https://test.bitpay.com/');
    const path = 'invoices?token=someMerchantToken&dateStart=2026-01-01&dateEnd=2026-01-31';
    const ok = await send('GET', path, signHex(KEY_A, `https://test.bitpay.com:443/${path}`));
    expect(ok.status).toBe(200);
    const otherPort = await send('GET', path, signHex(KEY_A, `https://test.bitpay.com:8443/${path}`));
    expect(otherPort.status).toBe(401);
  });

  it('refuses a second token with the same value', async () => {
    const { local } = await setup();
    const again = await control(local, 'POST', '/sandbox/tokens', { facade: 'pos', token: 'someMerchantToken' });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('token_exists');
  });
});
