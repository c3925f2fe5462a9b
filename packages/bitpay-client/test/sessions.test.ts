import { afterEach, describe, expect, it } from 'vitest';
import { BitPayClient, BitPayError, generateKey } from '../src/index.js';
import { type FixtureServer, type Reply, type Route, startFixtureServer } from './fixture-server.js';
import { expectBitPayHeaders } from './helpers.js';

// Sessions (§2.5): POST /sessions → id; each call carries sessionId + requestNumber (1, 2, 3…); a retry reuses
// its number; "Invalid or expired sessionId" opens a new session and retries once.

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function sessionRoute(): Route {
  return { method: 'POST', path: '/sessions', reply: (_, n) => ({ json: { data: `session-${n}` } }) };
}

async function setup(routes: Route[]) {
  server = await startFixtureServer([sessionRoute(), ...routes]);
  const key = generateKey();
  const client = new BitPayClient({
    environment: server.url,
    key,
    tokens: { merchant: 'm' },
    sessions: true,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
  });
  return { client, server, key };
}

const sessionOf = (r: { method: string; query: Record<string, string>; body: unknown }) =>
  r.method === 'GET' || r.method === 'DELETE'
    ? { id: r.query.sessionId, n: Number(r.query.requestNumber) }
    : { id: (r.body as { sessionId: string }).sessionId, n: (r.body as { requestNumber: number }).requestNumber };

describe('sessions', () => {
  it('opens a session once (unsigned POST /sessions with a guid) and numbers requests 1, 2, 3 in query and body', async () => {
    const { client, server, key } = await setup([
      { method: 'GET', path: '/invoices/:id', reply: { fixture: 'getInvoiceResponse.json' } },
      { method: 'POST', path: '/invoices', reply: { fixture: 'createInvoiceResponse.json' } },
    ]);
    await client.getInvoice('A');
    await client.createInvoice({ price: 1, currency: 'USD' });
    await client.getInvoice('B');
    const [open, ...calls] = server.requests;
    expect(open?.path).toBe('/sessions');
    expect((open!.body as { guid: string }).guid).toMatch(/^[0-9a-f-]{36}$/);
    expectBitPayHeaders(open!, {});
    expect(calls.map(sessionOf)).toEqual([
      { id: 'session-1', n: 1 },
      { id: 'session-1', n: 2 },
      { id: 'session-1', n: 3 },
    ]);
    // session fields are inside what was signed
    for (const c of calls) expectBitPayHeaders(c, { signedBy: key });
    expect(client.session).toEqual({ id: 'session-1', nextRequestNumber: 4 });
  });

  it('concurrent calls still reach BitPay in requestNumber order', async () => {
    const { client, server } = await setup([
      { method: 'GET', path: '/invoices/:id', reply: { fixture: 'getInvoiceResponse.json' } },
    ]);
    await Promise.all([client.getInvoice('A'), client.getInvoice('B'), client.getInvoice('C'), client.getInvoice('D')]);
    expect(server.requests.slice(1).map((r) => sessionOf(r).n)).toEqual([1, 2, 3, 4]);
  });

  it('a retry after a dropped connection reuses the same requestNumber (BitPay replays its answer)', async () => {
    const drop: Reply = { destroy: true };
    const { client, server } = await setup([
      { method: 'GET', path: '/ledgers', reply: { fixture: 'getLedgersResponse.json' } },
      // a POST without guid: retried only because the session number makes it safe
      {
        method: 'POST',
        path: '/invoices/:id/notifications',
        reply: (_, n) => (n === 1 ? drop : { fixture: 'invoiceWebhookResponse.json' }),
      },
    ]);
    await client.getLedgers();
    await client.requestInvoiceNotification('X', 'invoiceToken');
    await client.getLedgers();
    const calls = server.requests.slice(1);
    expect(calls.map((r) => [r.path, sessionOf(r).n])).toEqual([
      ['/ledgers', 1],
      ['/invoices/X/notifications', 2],
      ['/invoices/X/notifications', 2],
      ['/ledgers', 3],
    ]);
    expect(calls[2]?.rawBody).toBe(calls[1]?.rawBody);
  });

  it('"Invalid or expired sessionId" opens a new session and retries once with requestNumber 1', async () => {
    const expired: Reply = { json: { error: 'Invalid or expired sessionId' }, status: 400 };
    const { client, server } = await setup([
      {
        method: 'GET',
        path: '/ledgers',
        reply: (_, n) => (n === 2 ? expired : { fixture: 'getLedgersResponse.json' }),
      },
    ]);
    await client.getLedgers();
    const ledgers = await client.getLedgers();
    expect(ledgers.length).toBeGreaterThan(0);
    const summary = server.requests.map((r) =>
      r.path === '/sessions' ? 'open' : `${sessionOf(r).id}#${sessionOf(r).n}`,
    );
    expect(summary).toEqual(['open', 'session-1#1', 'session-1#2', 'open', 'session-2#1']);
    expect(client.session).toEqual({ id: 'session-2', nextRequestNumber: 2 });
  });

  it('if the new session is refused too, SESSION_EXPIRED reaches the caller (no loop)', async () => {
    const { client, server } = await setup([
      { method: 'GET', path: '/ledgers', reply: { json: { error: 'Invalid or expired sessionId' }, status: 400 } },
    ]);
    const err = await client.getLedgers().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BitPayError);
    expect((err as BitPayError).code).toBe('SESSION_EXPIRED');
    expect(server.requests.filter((r) => r.path === '/sessions')).toHaveLength(2);
    expect(server.requests.filter((r) => r.path === '/ledgers')).toHaveLength(2);
  });

  it('public calls and pairing do not use the session; createSession() returns a fresh id', async () => {
    const { client, server } = await setup([
      { method: 'GET', path: '/rates', reply: { fixture: 'getRatesResponse.json' } },
    ]);
    await client.getRates();
    expect(server.requests.map((r) => r.target)).toEqual(['/rates']);
    expect(await client.createSession()).toBe('session-1');
  });

  it('sessions are off by default: no sessionId, no requestNumber', async () => {
    server = await startFixtureServer([
      { method: 'GET', path: '/ledgers', reply: { fixture: 'getLedgersResponse.json' } },
    ]);
    const client = new BitPayClient({ environment: server.url, key: generateKey(), tokens: { merchant: 'm' } });
    await client.getLedgers();
    expect(server.requests.map((r) => r.target)).toEqual(['/ledgers?token=m']);
  });
});
