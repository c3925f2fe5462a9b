import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { BitPayClient, BitPayError, generateKey } from '../src/index.js';
import { type FixtureServer, startFixtureServer } from './fixture-server.js';
import { expectBitPayHeaders } from './helpers.js';

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('pairing and tokens (§2.2)', () => {
  it('requestPairing: unsigned POST /tokens {id: SIN, facade, label}; the token is kept for that facade', async () => {
    server = await startFixtureServer([
      { method: 'POST', path: '/tokens', reply: { fixture: 'authorizeClientByFacadeResponse.json' } },
    ]);
    const key = generateKey();
    const client = new BitPayClient({ environment: server.url, key });
    const token = await client.requestPairing('merchant', 'shop.example');
    const [req] = server.take();
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/tokens');
    expect(req?.body).toEqual({ id: key.sin, facade: 'merchant', label: 'shop.example' });
    expectBitPayHeaders(req!, {});
    expect(token.pairingCode).toBe('C4Lg7oW');
    expect(token.pairingExpiration! - token.dateCreated!).toBe(86_400_000);
    expect(client.tokens.get('merchant')).toBe('G7XM9fcM1gtCN7DUr8ZWtPGVFLTKiYWanHR4kvqsnjP3');
  });

  it('claimPairingCode: sends the code without a facade; the pos token it yields is then used signed', async () => {
    server = await startFixtureServer([
      {
        method: 'POST',
        path: '/tokens',
        reply: { json: { data: [{ token: 'claimedPosToken', facade: 'pos', label: 'till', policies: [] }] } },
      },
      { method: 'POST', path: '/invoices', reply: { fixture: 'createInvoiceResponse.json' } },
    ]);
    const key = generateKey();
    const client = new BitPayClient({ environment: server.url, key });
    const token = await client.claimPairingCode('AbC1234', 'till');
    const [claim] = server.take();
    expect(claim?.body).toEqual({ id: key.sin, pairingCode: 'AbC1234', label: 'till' });
    expectBitPayHeaders(claim!, {});
    expect(token.facade).toBe('pos');
    expect(client.tokens.get('pos')).toBe('claimedPosToken');

    await client.createInvoice({ price: 5, currency: 'EUR' });
    const [create] = server.take();
    expect(create?.body).toMatchObject({ token: 'claimedPosToken' });
    expectBitPayHeaders(create!, { signedBy: key });
  });

  it('a dashboard pos token is used unsigned, and createInvoice defaults to pos without a merchant token', async () => {
    server = await startFixtureServer([
      { method: 'POST', path: '/invoices', reply: { fixture: 'createInvoiceResponse.json' } },
      { method: 'GET', path: '/invoices/:id', reply: { fixture: 'getInvoiceResponse.json' } },
    ]);
    const client = new BitPayClient({ environment: server.url, tokens: { pos: 'dashboardPosToken' } });
    await client.createInvoice({ price: 10, currency: 'USD' });
    await client.getInvoice('G3viJEJgE8Jk2oekSdgT2A');
    const [create, get] = server.take();
    expect(create?.body).toMatchObject({ price: 10, currency: 'USD', token: 'dashboardPosToken' });
    expectBitPayHeaders(create!, {});
    expect(get?.query).toEqual({ token: 'dashboardPosToken' });
    expectBitPayHeaders(get!, {});
  });

  it('getTokens: signed GET /tokens without a token param, folded into {facade: token}', async () => {
    server = await startFixtureServer([
      {
        method: 'GET',
        path: '/tokens',
        reply: {
          json: { data: [{ pos: 'p1' }, { 'pos/invoice': 'p2' }, { merchant: 'm1' }, { 'merchant/invoice': 'm2' }] },
        },
      },
    ]);
    const key = generateKey();
    const client = new BitPayClient({ environment: server.url, key });
    expect(await client.getTokens()).toEqual({
      pos: 'p1',
      'pos/invoice': 'p2',
      merchant: 'm1',
      'merchant/invoice': 'm2',
    });
    const [req] = server.take();
    expect(req?.target).toBe('/tokens');
    expectBitPayHeaders(req!, { signedBy: key });
  });

  it('token SINs: GET, POST and DELETE /tokens/{token}/sins, signed', async () => {
    server = await startFixtureServer([
      { method: 'GET', path: '/tokens/:token/sins', reply: { json: { data: [{ sin: 'Tf1' }] } } },
      { method: 'POST', path: '/tokens/:token/sins', reply: { json: { data: { sin: 'Tf2' } } } },
      { method: 'DELETE', path: '/tokens/:token/sins/:sin', reply: { json: { data: 'Success' } } },
    ]);
    const key = generateKey();
    const client = new BitPayClient({ environment: server.url, key });
    expect(await client.getTokenSins('tok')).toEqual([{ sin: 'Tf1' }]);
    expect(await client.addTokenSin('tok', 'Tf2')).toEqual({ sin: 'Tf2' });
    expect(await client.removeTokenSin('tok', 'Tf2')).toBe('Success');
    const [get, post, del] = server.take();
    expect(get?.target).toBe('/tokens/tok/sins');
    expect(post?.body).toEqual({ sin: 'Tf2' });
    expect(del?.target).toBe('/tokens/tok/sins/Tf2');
    for (const r of [get, post, del]) expectBitPayHeaders(r!, { signedBy: key });
  });

  it('pairing without a key is MISSING_KEY; a merchant call without a token is MISSING_TOKEN (nothing sent)', async () => {
    server = await startFixtureServer([]);
    const client = new BitPayClient({ environment: server.url });
    const pairing = await client.requestPairing('merchant').catch((e: unknown) => e);
    expect(pairing).toBeInstanceOf(BitPayError);
    expect((pairing as BitPayError).code).toBe('MISSING_KEY');
    const list = await client.getLedgers().catch((e: unknown) => e);
    expect((list as BitPayError).code).toBe('MISSING_TOKEN');
    const withToken = new BitPayClient({ environment: server.url, tokens: { merchant: 'm' } });
    const unsigned = await withToken.getLedgers().catch((e: unknown) => e);
    expect((unsigned as BitPayError).code).toBe('MISSING_KEY');
    expect(server.requests).toHaveLength(0);
  });

  it('the token store never prints its tokens', () => {
    const client = new BitPayClient({ environment: 'test', tokens: { merchant: 'secretMerchantToken' } });
    expect(JSON.stringify(client.tokens)).not.toContain('secretMerchantToken');
    expect(inspect(client, { depth: 5, showHidden: true })).not.toContain('secretMerchantToken');
    client.tokens.set('payout', 'p');
    expect(client.tokens.facades().sort()).toEqual(['merchant', 'payout']);
  });
});
