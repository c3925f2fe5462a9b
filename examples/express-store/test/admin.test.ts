// The back office as a merchant and an attacker use it: forged refunds, double clicks, what the page says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completedOrder, control, type Demo, newOrder, orderState, startDemo, until } from './harness.js';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  await demo?.close();
});

/** The admin page as the merchant's browser gets it, and the CSRF token its forms carry. */
async function adminPage(path = '/admin'): Promise<{ page: string; token: string }> {
  const res = await fetch(`${demo.base}${path}`, { headers: { authorization: demo.adminAuth } });
  expect(res.status).toBe(200);
  const page = await res.text();
  const token = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? '';
  return { page, token };
}

/** What a browser sends when the admin clicks a button of the admin page (a same-origin form post). */
function sameOrigin(extra: Record<string, string> = {}): Record<string, string> {
  return {
    authorization: demo.adminAuth,
    origin: demo.base,
    'sec-fetch-site': 'same-origin',
    'content-type': 'application/x-www-form-urlencoded',
    ...extra,
  };
}

async function clickRefund(orderId: string, token: string, headers: Record<string, string> = {}) {
  return fetch(`${demo.base}/admin/orders/${orderId}/refund`, {
    method: 'POST',
    headers: sameOrigin(headers),
    body: new URLSearchParams({ csrf: token }).toString(),
    redirect: 'manual',
  });
}

async function refundsAtBitPay(invoiceId: string): Promise<number> {
  return (await demo.store.adapter.client.getRefunds(invoiceId)).length;
}

function notice(page: string): { code: string; text: string } | null {
  const m = /<p class="notice[^"]*" role="status" data-testid="admin-notice" data-code="([A-Z_]+)">([^<]*)<\/p>/.exec(
    page,
  );
  return m ? { code: m[1]!, text: m[2]! } : null;
}

function row(page: string, orderId: string): string {
  const start = page.indexOf(`<tr data-order-id="${orderId}">`);
  return start < 0 ? '' : page.slice(start, page.indexOf('</tr>', start));
}

describe('cross-site request forgery', () => {
  it('refuses a refund another site submits, although the browser sends the admin password with it', async () => {
    const { orderId, invoiceId } = await completedOrder(demo);
    // evil.example's hidden auto-submitting form: the browser adds the cached Basic credentials.
    const forged = await fetch(`${demo.base}/admin/orders/${orderId}/refund`, {
      method: 'POST',
      headers: {
        authorization: demo.adminAuth,
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
      },
      body: '',
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('came from another site');
    // An older browser without Fetch Metadata still sends Origin.
    const noFetchMetadata = await fetch(`${demo.base}/admin/orders/${orderId}/refund`, {
      method: 'POST',
      headers: { authorization: demo.adminAuth, origin: 'https://evil.example', accept: 'application/json' },
    });
    expect(noFetchMetadata.status).toBe(403);
    expect(await noFetchMetadata.json()).toMatchObject({ error: { code: 'CROSS_SITE_REQUEST' } });
    // A sibling site is another site too.
    const sameSite = await clickRefund(orderId, (await adminPage()).token, { 'sec-fetch-site': 'same-site' });
    expect(sameSite.status).toBe(403);

    expect(await refundsAtBitPay(invoiceId)).toBe(0);
    expect((await orderState(demo, orderId)).status).toBe('complete');
  });

  it('refuses a state change without the token of the admin page, even from the same origin', async () => {
    const { orderId, invoiceId } = await completedOrder(demo);
    const { token } = await adminPage();
    const [issued, mac] = token.split('.');
    const tampered = `${issued}.${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`;
    const forged = `${Date.now().toString(36)}.${mac}`;
    for (const bad of ['', 'nonsense', tampered, forged]) {
      const res = await clickRefund(orderId, bad, { accept: 'application/json' });
      expect(res.status, `token ${JSON.stringify(bad)}`).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'CSRF_TOKEN_INVALID' } });
    }
    // Every state-changing admin route, including ones added later, sits behind the same guard.
    const other = await fetch(`${demo.base}/admin/orders/${orderId}/cancel`, {
      method: 'POST',
      headers: { authorization: demo.adminAuth, accept: 'application/json' },
    });
    expect(other.status).toBe(403);
    expect(await refundsAtBitPay(invoiceId)).toBe(0);
  });
});

describe('the Refund button', () => {
  it('says what happened, and a second click gets a clear message with a code instead of a 500', async () => {
    const { orderId, invoiceId } = await completedOrder(demo);
    const before = await adminPage();
    expect(row(before.page, orderId)).toContain('>Refund</button>');

    const first = await clickRefund(orderId, before.token);
    expect(first.status).toBe(303);
    const done = await adminPage(first.headers.get('location') ?? '');
    expect(notice(done.page)).toEqual({
      code: 'REFUND_REQUESTED',
      text: expect.stringContaining(`Refund of $25.00 requested for order ${orderId}`),
    });
    // The row says so, and offers no second button.
    expect(row(done.page, orderId)).toContain('Refund pending');
    expect(row(done.page, orderId)).not.toContain('<button');

    // The second click (the old page, another tab): words and a stable code, nothing asked of BitPay.
    const second = await clickRefund(orderId, before.token);
    expect(second.status).toBe(303);
    const again = await adminPage(second.headers.get('location') ?? '');
    expect(notice(again.page)).toEqual({
      code: 'REFUND_PENDING',
      text: expect.stringContaining('already has a refund in progress'),
    });
    const json = await clickRefund(orderId, before.token, { accept: 'application/json' });
    expect(json.status).toBe(409);
    expect(await json.json()).toMatchObject({ error: { code: 'REFUND_PENDING', message: expect.any(String) } });
    expect(await refundsAtBitPay(invoiceId)).toBe(1);

    // BitPay completes it; the store hears it from the adapter; one more click is still not a second refund.
    const [refund] = await demo.store.adapter.client.getRefunds(invoiceId);
    await control(demo, `refunds/${refund!.id}/status`, { status: 'success' });
    await until(
      () => orderState(demo, orderId),
      (o) => o.status === 'refunded',
    );
    const late = await clickRefund(orderId, before.token);
    const refunded = await adminPage(late.headers.get('location') ?? '');
    expect(notice(refunded.page)).toEqual({
      code: 'ALREADY_REFUNDED',
      text: expect.stringContaining('already refunded'),
    });
    expect(row(refunded.page, orderId)).toContain('Refunded');
    expect(await refundsAtBitPay(invoiceId)).toBe(1);
  });

  it('sends one refund to BitPay however fast the clicks come', async () => {
    const { orderId, invoiceId } = await completedOrder(demo);
    const { token } = await adminPage();
    const answers = await Promise.all([1, 2, 3].map(() => clickRefund(orderId, token, { accept: 'application/json' })));
    const bodies = await Promise.all(
      answers.map((r) => r.json() as Promise<{ code?: string; error?: { code: string } }>),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(bodies.map((b) => b.code ?? b.error?.code).sort()).toEqual([
      'REFUND_PENDING',
      'REFUND_PENDING',
      'REFUND_REQUESTED',
    ]);
    expect(await refundsAtBitPay(invoiceId)).toBe(1);
  });

  it('says in words why an order cannot be refunded', async () => {
    const orderId = await newOrder(demo);
    const { token } = await adminPage();
    const res = await clickRefund(orderId, token, { accept: 'application/json' });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: {
        code: 'NOT_REFUNDABLE',
        message: expect.stringContaining('cannot be refunded: it is "Awaiting payment"'),
      },
    });
    const missing = await clickRefund('no-such-order', token, { accept: 'application/json' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'ORDER_NOT_FOUND' } });
  });
});
