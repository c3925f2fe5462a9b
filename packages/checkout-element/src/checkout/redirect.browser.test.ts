import { expect } from 'chai';
import { harness, newOrder, waitFor } from '../../test/browser/helpers.js';
import type { BitpayCheckout } from './checkout.js';

// The redirect leaves the page, so the element runs in a frame (the script-tag bundle, as a shop loads it).
describe('auto-redirect', () => {
  it('returns to the shop’s redirectURL a few seconds after a confirmed payment', async () => {
    const frame = document.createElement('iframe');
    frame.src = `/harness/page?order-id=${newOrder('back')}&lang=en&auto-redirect=`;
    document.body.append(frame);
    try {
      const el = await waitFor(
        () =>
          frame.contentDocument?.querySelector<BitpayCheckout>('bitpay-checkout')?.invoice &&
          frame.contentDocument.querySelector<BitpayCheckout>('bitpay-checkout'),
        'the invoice in the frame',
      );
      const view = el.invoice!;
      await harness(`invoices/${view.id}/pay`, { amount: 'full', currency: view.paymentCurrencies[0]!.code });
      await harness(`invoices/${view.id}/status`, { status: 'confirmed' });
      await waitFor(() => el.shadowRoot?.textContent?.includes('Returning to the shop…'), 'the redirect notice');
      expect(frame.contentWindow!.location.pathname).to.equal('/harness/page');
      await waitFor(() => frame.contentWindow?.location.pathname === '/harness/thanks', 'the shop’s page');
    } finally {
      frame.remove();
    }
  });

  it('stays on the page without auto-redirect, linking back to the shop instead', async () => {
    const frame = document.createElement('iframe');
    frame.src = `/harness/page?order-id=${newOrder('back')}&lang=en`;
    document.body.append(frame);
    try {
      const el = await waitFor(
        () =>
          frame.contentDocument?.querySelector<BitpayCheckout>('bitpay-checkout')?.invoice &&
          frame.contentDocument.querySelector<BitpayCheckout>('bitpay-checkout'),
        'the invoice in the frame',
      );
      const view = el.invoice!;
      await harness(`invoices/${view.id}/pay`, { amount: 'full', currency: view.paymentCurrencies[0]!.code });
      await harness(`invoices/${view.id}/status`, { status: 'confirmed' });
      const link = await waitFor(() => el.shadowRoot?.querySelector<HTMLAnchorElement>('a.button'), 'the shop link');
      expect(new URL(link.href).pathname).to.equal('/harness/thanks');
      await new Promise((r) => setTimeout(r, 5000));
      expect(frame.contentWindow!.location.pathname).to.equal('/harness/page');
    } finally {
      frame.remove();
    }
  });
});
