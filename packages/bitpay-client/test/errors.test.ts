import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BitPayApiError,
  BitPayAuthError,
  BitPayClient,
  BitPayError,
  ERROR_CODES,
  generateKey,
  keyFromHex,
} from '../src/index.js';
import { type FixtureServer, startFixtureServer } from './fixture-server.js';
import { expectBitPayHeaders } from './helpers.js';

const MERCHANT = 'SuperSecretMerchantToken44charsXXXXXXXXXXXX';
const KEY_HEX = '9ee267c293e74c12bf4035746834ad4f5690d546d7d10e15c92fc83043552186';

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const caught = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(BitPayError);
  return e as BitPayError;
};

/** Everything a log line could show of an error. */
const visible = (e: BitPayError) =>
  [e.message, String(e), e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 10, showHidden: true })].join('\n');

describe('errors carry stable codes and never a secret', () => {
  it('BitPay envelopes become typed errors with code, HTTP status and 6-digit bitpayCode', async () => {
    server = await startFixtureServer([
      { method: 'DELETE', path: '/invoices/:id', reply: { fixture: 'cancelInvoiceErrorResponse.json', status: 500 } },
      { method: 'GET', path: '/invoices/:id', reply: { json: { error: 'Invalid signature' }, status: 401 } },
      {
        method: 'POST',
        path: '/invoices',
        reply: { json: { errors: [{ error: 'Missing required parameter.', param: 'price' }] }, status: 400 },
      },
    ]);
    const client = new BitPayClient({
      environment: server.url,
      key: keyFromHex(KEY_HEX),
      tokens: { merchant: MERCHANT },
    });
    const cancel = await caught(client.cancelInvoice('X'));
    expect(cancel).toBeInstanceOf(BitPayApiError);
    expect(cancel).toMatchObject({
      code: 'API_ERROR',
      status: 500,
      bitpayCode: '040107',
      request: 'DELETE /invoices/X',
    });
    const sig = await caught(client.getInvoice('X'));
    expect(sig).toBeInstanceOf(BitPayAuthError);
    expect(sig).toMatchObject({ code: 'INVALID_SIGNATURE', status: 401 });
    const missing = await caught(client.createInvoice({ price: 0, currency: 'USD' }));
    expect(missing).toMatchObject({ code: 'MISSING_PARAMETER', status: 400, params: ['price'] });
  });

  it('a token or key echoed back by the server is redacted from the error', async () => {
    server = await startFixtureServer([
      {
        method: 'GET',
        path: '/invoices/:id',
        reply: { json: { error: `Invalid token ${MERCHANT} for ${KEY_HEX}` }, status: 500 },
      },
    ]);
    const client = new BitPayClient({
      environment: server.url,
      key: keyFromHex(KEY_HEX),
      tokens: { merchant: MERCHANT },
    });
    const err = await caught(client.getInvoice('X'));
    expect(err.code).toBe('INVALID_TOKEN');
    expect(visible(err)).not.toContain(MERCHANT);
    expect(visible(err)).not.toContain(KEY_HEX);
  });

  it('timeouts, refused connections and bad bodies do not show the URL (its query holds the token)', async () => {
    server = await startFixtureServer([
      { method: 'GET', path: '/invoices/:id', reply: { hang: true } },
      { method: 'GET', path: '/ledgers', reply: { raw: 'not json', status: 200 } },
    ]);
    const client = new BitPayClient({
      environment: server.url,
      key: keyFromHex(KEY_HEX),
      tokens: { merchant: MERCHANT },
      timeoutMs: 100,
      maxRetries: 0,
    });
    const timeout = await caught(client.getInvoice('X'));
    expect(timeout.code).toBe('TIMEOUT');
    const bad = await caught(client.getLedgers());
    expect(bad.code).toBe('INVALID_RESPONSE');
    const url = server.url;
    await server.close();
    server = undefined;
    const refused = await caught(client.getLedgers());
    expect(refused.code).toBe('NETWORK_ERROR');
    for (const e of [timeout, bad, refused]) {
      expect(visible(e)).not.toContain(MERCHANT);
      expect(visible(e)).not.toContain(KEY_HEX);
      expect(e.message).not.toContain(url);
    }
  });

  it('ERROR_CODES lists every code, and each error class extends BitPayError', () => {
    expect(ERROR_CODES).toEqual(
      expect.arrayContaining([
        'INVALID_SIGNATURE',
        'INVALID_TOKEN',
        'UNAUTHORIZED_SIN',
        'NOT_FOUND',
        'MISSING_PARAMETER',
        'API_ERROR',
        'TIMEOUT',
        'NETWORK_ERROR',
        'INVALID_RESPONSE',
        'SESSION_EXPIRED',
        'INVALID_KEY',
        'MISSING_TOKEN',
      ]),
    );
    expect(new BitPayAuthError('INVALID_TOKEN', 'x')).toBeInstanceOf(BitPayError);
  });
});

describe('options', () => {
  it('are validated at construction, naming the option', () => {
    const bad: [object, string][] = [
      [{ environment: 'staging' }, 'environment'],
      [{ environment: 'ftp://x/' }, 'environment'],
      [{ environment: 'test', timeoutMs: 0 }, 'timeoutMs'],
      [{ environment: 'test', maxRetries: -1 }, 'maxRetries'],
      [{ environment: 'test', maxretries: 1 }, 'maxretries'],
      [{ environment: 'test', key: 'abc' }, 'key'],
    ];
    for (const [options, name] of bad) {
      try {
        new BitPayClient(options as never);
        throw new Error(`accepted ${JSON.stringify(options)}`);
      } catch (e) {
        expect(e).toBeInstanceOf(BitPayError);
        expect((e as BitPayError).code).toBe('INVALID_OPTION');
        expect((e as BitPayError).message).toContain(name);
      }
    }
  });

  it('environments resolve to BitPay base URLs; a sandbox URL gets its trailing slash', () => {
    expect(new BitPayClient({ environment: 'test' }).baseUrl).toBe('https://test.bitpay.com/');
    expect(new BitPayClient({ environment: 'prod' }).baseUrl).toBe('https://bitpay.com/');
    expect(new BitPayClient({ environment: 'http://127.0.0.1:4010' }).baseUrl).toBe('http://127.0.0.1:4010/');
  });

  it('pluginInfo and platformInfo reach the headers; a sandbox under a path prefix works', async () => {
    server = await startFixtureServer([
      { method: 'GET', path: '/bitpay/rates/BTC/USD', reply: { fixture: 'getRateResponse.json' } },
    ]);
    const client = new BitPayClient({
      environment: `${server.url}bitpay`,
      pluginInfo: 'MyShop_v1',
      platformInfo: 'Node_20',
    });
    await client.getCurrencyPairRate('BTC', 'USD');
    expectBitPayHeaders(server.requests[0]!, { pluginInfo: 'MyShop_v1', platformInfo: 'Node_20' });
  });

  it('bigint amounts go out as exact JSON integers and are signed as sent', async () => {
    server = await startFixtureServer([
      { method: 'POST', path: '/payouts', reply: { fixture: 'createPayoutResponse.json' } },
    ]);
    const key = generateKey();
    const client = new BitPayClient({ environment: server.url, key, tokens: { payout: 'p' } });
    await client.createPayout({
      amount: 12345678901234567891n as unknown as number,
      currency: 'ETH',
      ledgerCurrency: 'USD',
    });
    const req = server.requests[0]!;
    expect(req.rawBody).toContain('"amount":12345678901234567891,');
    expectBitPayHeaders(req, { signedBy: key });
  });
});
