import { afterEach, describe, expect, it } from 'vitest';
import { BitPayClient, BitPayError, generateKey } from '../src/index.js';
import { type FixtureServer, type Reply, type Route, startFixtureServer } from './fixture-server.js';

// Retries: only safe calls (GET, POST/PUT carrying a guid) are repeated; backoff is shrunk to keep the suite fast.

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const unavailable: Reply = { json: { error: 'Service temporarily unavailable' }, status: 503 };
const failFirst =
  (fixture: string, first: Reply = unavailable) =>
  (_: unknown, n: number) =>
    n === 1 ? first : { fixture };

async function setup(routes: Route[], extra: Partial<ConstructorParameters<typeof BitPayClient>[0]> = {}) {
  server = await startFixtureServer(routes);
  const key = generateKey();
  const client = new BitPayClient({
    environment: server.url,
    key,
    tokens: { merchant: 'm', payout: 'p' },
    maxRetries: 2,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    ...extra,
  });
  return { client, server, key };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(BitPayError);
      return e as BitPayError;
    },
  );

describe('retries', () => {
  it('a GET that gets 503 is retried and succeeds', async () => {
    const { client, server } = await setup([
      { method: 'GET', path: '/invoices/:id', reply: failFirst('getInvoiceResponse.json') },
    ]);
    const invoice = await client.getInvoice('G3viJEJgE8Jk2oekSdgT2A');
    expect(invoice.id).toBe('G3viJEJgE8Jk2oekSdgT2A');
    expect(server.requests).toHaveLength(2);
  });

  it('a POST carrying a guid is retried with the identical body (createInvoice adds the guid itself)', async () => {
    const { client, server } = await setup([
      { method: 'POST', path: '/invoices', reply: failFirst('createInvoiceResponse.json') },
    ]);
    await client.createInvoice({ price: 10, currency: 'USD', orderId: '42' });
    const [first, second] = server.requests;
    expect(server.requests).toHaveLength(2);
    expect(second?.rawBody).toBe(first?.rawBody);
    expect((first!.body as { guid: string }).guid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a POST without a guid (pairing) is not retried', async () => {
    const { client, server } = await setup([{ method: 'POST', path: '/tokens', reply: unavailable }]);
    const err = await failure(client.requestPairing('merchant'));
    expect(err.code).toBe('API_ERROR');
    expect(err.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it('a DELETE is not retried', async () => {
    const { client, server } = await setup([{ method: 'DELETE', path: '/invoices/:id', reply: unavailable }]);
    await failure(client.cancelInvoice('X'));
    expect(server.requests).toHaveLength(1);
  });

  it('a POST with a guid is retried after a dropped connection (createRefund)', async () => {
    const { client, server } = await setup([
      { method: 'POST', path: '/refunds', reply: failFirst('createRefundResponse.json', { destroy: true }) },
    ]);
    await client.createRefund({ invoiceId: 'Hpqc63wvE1ZjzeeH4kEycF', amount: 10 });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.rawBody).toBe(server.requests[0]?.rawBody);
  });

  it('gives up after maxRetries and reports the last failure', async () => {
    const { client, server } = await setup([{ method: 'GET', path: '/ledgers', reply: unavailable }]);
    const err = await failure(client.getLedgers());
    expect(err.code).toBe('API_ERROR');
    expect(err.status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });

  it('a BitPay error with HTTP 500 (Invalid token) is final, not retried', async () => {
    const { client, server } = await setup([
      { method: 'GET', path: '/invoices/:id', reply: { json: { error: 'Invalid token' }, status: 500 } },
    ]);
    const err = await failure(client.getInvoice('X'));
    expect(err.code).toBe('INVALID_TOKEN');
    expect(err.status).toBe(500);
    expect(server.requests).toHaveLength(1);
  });

  it('a gateway page that is not JSON is retried, then reported as INVALID_RESPONSE', async () => {
    const { client, server } = await setup([
      { method: 'GET', path: '/rates', reply: { raw: '<html>Bad gateway</html>', status: 502 } },
    ]);
    const err = await failure(client.getRates());
    expect(err.code).toBe('INVALID_RESPONSE');
    expect(err.status).toBe(502);
    expect(server.requests).toHaveLength(3);
  });

  it('a refused connection is NETWORK_ERROR', async () => {
    const { client, server } = await setup([]);
    await server.close();
    const err = await failure(client.getRates());
    expect(err.code).toBe('NETWORK_ERROR');
  });
});

describe('timeouts', () => {
  it('an unanswered request fails with TIMEOUT', async () => {
    const { client } = await setup([{ method: 'GET', path: '/rates', reply: { hang: true } }], {
      timeoutMs: 150,
      maxRetries: 0,
    });
    const err = await failure(client.getRates());
    expect(err.code).toBe('TIMEOUT');
    expect(err.status).toBeUndefined();
  });

  it('a timed-out GET is retried', async () => {
    const { client, server } = await setup(
      [
        {
          method: 'GET',
          path: '/rates',
          reply: (_, n) => (n === 1 ? { hang: true } : { fixture: 'getRatesResponse.json' }),
        },
      ],
      { timeoutMs: 2_000, maxRetries: 1 },
    );
    expect((await client.getRates()).length).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(2);
  });
});
