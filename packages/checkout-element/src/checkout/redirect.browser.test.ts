import { expect } from 'chai';
import { harness, newOrder, waitFor } from '../../test/browser/helpers.js';
import type { BitpayCheckout } from './checkout.js';

// The redirect leaves the page, so the element runs in a frame (the script-tag bundle, as a shop loads it).
function frameWith(extraQuery: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.src = `/harness/page?order-id=${newOrder('back')}&lang=en${extraQuery}`;
  document.body.append(frame);
  return frame;
}

/** Waits for the frame's invoice, pays it in full and confirms it in the sandbox. */
async function confirmedInFrame(frame: HTMLIFrameElement): Promise<BitpayCheckout> {
  const el = await waitFor(
    () =>
      frame.contentDocument?.querySelector<BitpayCheckout>('bitpay-checkout')?.invoice &&
      frame.contentDocument.querySelector<BitpayCheckout>('bitpay-checkout'),
    'the invoice in the frame',
  );
  const view = el.invoice!;
  await harness(`invoices/${view.id}/pay`, { amount: 'full', currency: view.paymentCurrencies[0]!.code });
  await harness(`invoices/${view.id}/status`, { status: 'confirmed' });
  return el;
}

describe('auto-redirect', () => {
  it('returns to the shop’s redirectURL a few seconds after a confirmed payment', async () => {
    const frame = frameWith('&auto-redirect=');
    try {
      const el = await confirmedInFrame(frame);
      await waitFor(() => el.shadowRoot?.textContent?.includes('Returning to the shop…'), 'the redirect notice');
      expect(frame.contentWindow!.location.pathname).to.equal('/harness/page');
      await waitFor(() => frame.contentWindow?.location.pathname === '/harness/thanks', 'the shop’s page');
    } finally {
      frame.remove();
    }
  });

  it('stays on the page without auto-redirect, linking back to the shop instead', async () => {
    const frame = frameWith('');
    try {
      const el = await confirmedInFrame(frame);
      const link = await waitFor(() => el.shadowRoot?.querySelector<HTMLAnchorElement>('a.button'), 'the shop link');
      expect(new URL(link.href).pathname).to.equal('/harness/thanks');
      await new Promise((r) => setTimeout(r, 5000));
      expect(frame.contentWindow!.location.pathname).to.equal('/harness/page');
    } finally {
      frame.remove();
    }
  });
});
