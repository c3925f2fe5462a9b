import { expect } from 'chai';
import { harness, mount, mountOrder, newOrder, pay, titleBecomes, unmountAll } from '../../test/browser/helpers.js';
import type { BitpayCheckout } from './checkout.js';

interface AxeResults {
  violations: { id: string; impact: string; help: string; nodes: { target: unknown; failureSummary: string }[] }[];
}
declare global {
  interface Window {
    axe?: { run(context: Element, options: object): Promise<AxeResults> };
  }
}

before(async () => {
  if (window.axe) return;
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('axe-core did not load'));
    document.head.append(script);
  });
});
afterEach(unmountAll);

/** WCAG 2.2 A and AA rules, colour contrast included, through the shadow root. */
async function expectAccessible(el: BitpayCheckout, label: string): Promise<void> {
  const { violations } = await window.axe!.run(el, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  });
  const report = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} ${v.nodes.map((n) => n.failureSummary).join('; ')}`,
  );
  expect(report, label).to.deep.equal([]);
}

for (const theme of ['light', 'dark'] as const) {
  describe(`accessibility, ${theme} theme`, () => {
    it('awaiting payment', async () => {
      await expectAccessible(await mountOrder({ theme, lang: 'en' }), 'awaiting');
    });

    it('partly paid and confirming', async () => {
      const partial = await mountOrder({ theme, lang: 'en' });
      await pay(partial.invoice!, 'partial');
      await titleBecomes(partial, 'Partly paid');
      await expectAccessible(partial, 'partial');
      const paid = await mountOrder({ theme, lang: 'en' });
      await pay(paid.invoice!);
      await titleBecomes(paid, 'Payment received');
      await expectAccessible(paid, 'confirming');
    });

    it('complete, expired and unreachable', async () => {
      const done = await mountOrder({ theme, lang: 'en' });
      await pay(done.invoice!);
      await titleBecomes(done, 'Payment received');
      await harness(`invoices/${done.invoice!.id}/status`, { status: 'complete' });
      await titleBecomes(done, 'Payment complete');
      await expectAccessible(done, 'complete');
      const expired = await mountOrder({ theme, lang: 'en' });
      await harness(`invoices/${expired.invoice!.id}/status`, { status: 'expired' });
      await titleBecomes(expired, 'Invoice expired');
      await expectAccessible(expired, 'expired');
      const missing = mount({ 'order-id': newOrder('nope'), theme, lang: 'en' });
      await titleBecomes(missing, 'This invoice or order was not found.');
      await expectAccessible(missing, 'not found');
    });

    it('in a modal', async () => {
      await expectAccessible(await mountOrder({ theme, mode: 'modal', open: '', lang: 'en' }), 'modal');
    });
  });
}

describe('accessibility check itself', () => {
  it('catches a host page that themes the text below contrast', async () => {
    const el = await mountOrder({ theme: 'light', lang: 'en' });
    el.style.setProperty('--bitpay-muted', '#c8c8c8');
    const { violations } = await window.axe!.run(el, { runOnly: { type: 'rule', values: ['color-contrast'] } });
    expect(violations.map((v) => v.id)).to.deep.equal(['color-contrast']);
  });
});
