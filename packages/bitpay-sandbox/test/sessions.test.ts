import { describe, expect, it } from 'vitest';
import { KEY_A } from './helpers/bitauth.js';
import { call, pairedToken } from './helpers/http.js';
import { sandbox } from './helpers/sandbox.js';

describe('sessions (§2.5)', () => {
  it('replays a repeated requestNumber byte for byte instead of acting twice', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const sessionId = (await call(sb, 'POST', '/sessions', { guid: 'g' })).json.data;
    expect(typeof sessionId).toBe('string');
    const body = { price: 5, currency: 'USD', token, sessionId, requestNumber: 1 };
    const first = await call(sb, 'POST', '/invoices', body, { key: KEY_A });
    await sb.clock.advance(5_000);
    const retry = await call(sb, 'POST', '/invoices', body, { key: KEY_A });
    expect(first.status).toBe(200);
    expect(retry.text).toBe(first.text);
    const list = await call(sb, 'GET', `/invoices?token=${token}&dateStart=2026-01-01&dateEnd=2026-12-31`, undefined, {
      key: KEY_A,
    });
    expect(list.json.data).toHaveLength(1);
    const next = await call(sb, 'POST', '/invoices', { ...body, requestNumber: 2 }, { key: KEY_A });
    expect(next.json.data.id).not.toBe(first.json.data.id);
  });

  it('refuses an out-of-order requestNumber', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const sessionId = (await call(sb, 'POST', '/sessions')).json.data;
    const get = (n: number) =>
      call(sb, 'GET', `/ledgers?token=${token}&sessionId=${sessionId}&requestNumber=${n}`, undefined, { key: KEY_A });
    expect((await get(2)).status).toBe(400);
    expect((await get(1)).status).toBe(200);
    const skipped = await get(3);
    expect(skipped.status).toBe(400);
    expect(skipped.json).toEqual({ error: 'Invalid requestNumber' });
    expect(skipped.headers.get('x-sandbox-error-code')).toBe('invalid_request_number');
    expect((await get(2)).status).toBe(200);
  });

  it('expires after 15 minutes idle on the sandbox clock, and refuses unknown sessions', async () => {
    const sb = await sandbox();
    const token = await pairedToken(sb, KEY_A, 'merchant');
    const sessionId = (await call(sb, 'POST', '/sessions')).json.data;
    const get = (n: number, id = sessionId) =>
      call(sb, 'GET', `/ledgers?token=${token}&sessionId=${id}&requestNumber=${n}`, undefined, { key: KEY_A });
    expect((await get(1)).status).toBe(200);
    await sb.clock.advance(15 * 60_000);
    expect((await get(2)).status).toBe(200);
    await sb.clock.advance(15 * 60_000 + 1);
    const late = await get(3);
    expect(late.status).toBe(401);
    expect(late.json).toEqual({ error: 'Invalid or expired sessionId' });
    expect((await get(1, 'nope')).json).toEqual({ error: 'Invalid or expired sessionId' });
  });
});
