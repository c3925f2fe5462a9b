// Refunds from the control page and the control surface (issue 13, item 7): a person finishing a refund by hand.
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { control } from './helpers/http.js';
import { completedInvoice, signedAs } from './helpers/merchant.js';
import { sandbox } from './helpers/sandbox.js';

const unescapeHtml = (s: string) =>
  s.replace(/&(quot|#39|lt|gt|amp);/g, (_m, e: string) => ({ quot: '"', '#39': "'", lt: '<', gt: '>', amp: '&' })[e]!);

/** The buttons of an HTML page, as [label, path, body] (each button posts `body` to `path`). */
function buttons(html: string): [string, string, unknown][] {
  return [...html.matchAll(/<button onclick='act\(([^']*)\)'>([^<]*)<\/button>/g)].map((m) => {
    const [path, body] = JSON.parse(`[${unescapeHtml(m[1]!)}]`);
    return [unescapeHtml(m[2]!), path, body];
  });
}

const page = async (sb: Sandbox, path: string) => (await fetch(sb.url + path.replace(/^\//, ''))).text();

/** Clicks a page's button as the browser would: POST its JSON body to its path. */
const click = async (sb: Sandbox, html: string, label: string, pathPart: string) => {
  const b = buttons(html).find(([l, p]) => l === label && p.includes(pathPart));
  expect(b, `button ${label} for ${pathPart}`).toBeDefined();
  return control(sb, 'POST', b![1], b![2]);
};

describe('refund controls (control page and HTTP)', () => {
  it('the control page lists refunds with their ids and moves one to success by its buttons', async () => {
    const sb = await sandbox();
    const m = await signedAs(sb, 'merchant');
    const inv = await completedInvoice(sb, m);
    const refund = (await m.post('/refunds', { invoiceId: inv.id, amount: 10, reference: 'demo' })).json.data;

    const html = await page(sb, '/sandbox');
    expect(html).toContain('<h2>Refunds</h2>');
    expect(html).toContain(refund.id);
    expect(html).toMatch(new RegExp(`${refund.id}[\\s\\S]*?<b>created</b>`));
    const labels = buttons(html)
      .filter(([, p]) => p === `/sandbox/refunds/${refund.id}/status`)
      .map(([l]) => l);
    expect(labels).toEqual(['→ pending', '→ success', '→ failure']);

    expect((await click(sb, html, '→ pending', refund.id)).json.data.status).toBe('pending');
    const after = await page(sb, '/sandbox');
    expect(after).toMatch(new RegExp(`${refund.id}[\\s\\S]*?<b>pending</b>`));
    expect((await click(sb, after, '→ success', refund.id)).json.data.status).toBe('success');

    // What the merchant sees afterwards through the API.
    expect((await m.get(`/refunds/${refund.id}`)).json.data.status).toBe('success');
    expect((await m.get(`/invoices/${inv.id}`)).json.data.refundInfo).toEqual({
      currency: 'USD',
      amounts: { USD: 10 },
    });
    expect(await page(sb, '/sandbox')).toMatch(new RegExp(`${refund.id}[\\s\\S]*?<b>success</b>`));
  });

  it('the invoice page shows that invoice’s refunds with the same buttons; failure is final', async () => {
    const sb = await sandbox();
    const m = await signedAs(sb, 'merchant');
    const inv = await completedInvoice(sb, m);
    const refund = (await m.post('/refunds', { invoiceId: inv.id, amount: 5 })).json.data;
    const other = await completedInvoice(sb, m, 31);
    const otherRefund = (await m.post('/refunds', { invoiceId: other.id, amount: 5 })).json.data;

    const html = await page(sb, `/invoice?id=${inv.id}`);
    expect(html).toContain(refund.id);
    expect(html).not.toContain(otherRefund.id);
    expect((await click(sb, html, '→ failure', refund.id)).json.data.status).toBe('failure');
    expect((await m.get(`/refunds/${refund.id}`)).json.data.status).toBe('failure');
    const final = await page(sb, `/invoice?id=${inv.id}`);
    expect(final).toMatch(new RegExp(`${refund.id}[\\s\\S]*?<b>failure</b>`));
    expect(buttons(final).filter(([, p]) => p.includes(refund.id))).toEqual([]);
    const again = await control(sb, 'POST', `/sandbox/refunds/${refund.id}/status`, { status: 'success' });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('invalid_refund_state');
  });

  it('GET /sandbox/refunds lists every refund (newest first), GET /sandbox/refunds/:id reads one', async () => {
    const sb = await sandbox();
    const m = await signedAs(sb, 'merchant');
    const inv = await completedInvoice(sb, m);
    const a = (await m.post('/refunds', { invoiceId: inv.id, amount: 5 })).json.data;
    const b = (await m.post('/refunds', { invoiceId: inv.id, amount: 6, preview: true })).json.data;
    const list = await control(sb, 'GET', '/sandbox/refunds');
    expect(list.status).toBe(200);
    expect(list.json.data.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [b.id, 'preview'],
      [a.id, 'created'],
    ]);
    expect(list.json.data[1]).toMatchObject({ invoice: inv.id, amount: 5, currency: 'USD' });
    const one = await control(sb, 'GET', `/sandbox/refunds/${a.id}`);
    expect(one.json.data).toEqual(list.json.data[1]);
    const none = await control(sb, 'GET', '/sandbox/refunds/nope');
    expect(none.status).toBe(404);
    expect(none.json.code).toBe('refund_not_found');
    // A preview has no buttons yet: the merchant confirms it first (PUT /refunds/:id status=created).
    const html = await page(sb, '/sandbox');
    expect(html).toContain(b.id);
    expect(buttons(html).filter(([, p]) => p.includes(b.id))).toEqual([]);
  });
});
