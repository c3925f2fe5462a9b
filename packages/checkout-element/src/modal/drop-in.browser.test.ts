import { expect } from 'chai';
import { harness, waitFor } from '../../test/browser/helpers.js';
import type { BitpayCheckout } from '../checkout/checkout.js';

// BitPay's WooCommerce thank-you page, unchanged but for the script's URL (test/harness/pages.ts): a
// classic bitpay.js, inline classic code calling bitpay.showInvoice, and a `message` listener whose last
// status decides at close whether the order is shown or the cart restored. The invoice is the plugin's,
// made at BitPay without the adapter, which reads it from BitPay to show it.

type WooWindow = Window & { outcome?: string; statuses?: string[]; bitpay?: unknown };

/** An invoice the merchant's site made at BitPay itself, as the plugin does: the adapter never saw it. */
async function newInvoice(): Promise<{ id: string; paymentCurrencies: { code: string }[] }> {
  const made = (await harness('merchant-invoice')) as { id: string; currencies: string[] };
  return { id: made.id, paymentCurrencies: made.currencies.map((code) => ({ code })) };
}

const confirm = async (invoice: { id: string; paymentCurrencies: { code: string }[] }) => {
  await harness(`invoices/${invoice.id}/pay`, { amount: 'full', currency: invoice.paymentCurrencies[0]!.code });
  await harness(`invoices/${invoice.id}/status`, { status: 'confirmed' });
};

async function thankYouPage(invoiceId: string) {
  const frame = document.createElement('iframe');
  frame.style.width = '800px';
  frame.style.height = '700px';
  frame.src = `/harness/woo-thanks?invoice=${invoiceId}`;
  document.body.append(frame);
  const win = () => frame.contentWindow as WooWindow;
  const el = await waitFor(
    () =>
      frame.contentDocument?.querySelector<BitpayCheckout>('bitpay-checkout')?.invoice &&
      frame.contentDocument.querySelector<BitpayCheckout>('bitpay-checkout'),
    'the invoice in the thank-you page’s modal',
  );
  const close = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=close-button]')!.click();
  return { frame, win, el, close };
}

describe('bitpay.js drop-in on BitPay’s WooCommerce thank-you page', () => {
  it('defines bitpay for inline classic code, then a paid and confirmed invoice keeps the order at close', async () => {
    const invoice = await newInvoice();
    const page = await thankYouPage(invoice.id);
    try {
      expect(page.el.invoice!.id).to.equal(invoice.id);
      await waitFor(() => page.el.shadowRoot!.querySelector('dialog')?.open, 'the modal');
      await confirm(invoice);
      await waitFor(() => page.el.invoice?.status === 'confirmed', 'the confirmed invoice');
      // Time for any message the confirmation would post.
      await new Promise((r) => setTimeout(r, 300));
      page.close();
      await waitFor(() => page.win().outcome, 'the thank-you page’s close handler');
      expect(page.win().outcome).to.equal('order shown');
      expect(page.win().statuses).to.deep.equal(['new', 'paid']);
    } finally {
      page.frame.remove();
    }
  });

  it('posts paid on the first view of an invoice already paid', async () => {
    const invoice = await newInvoice();
    await confirm(invoice);
    const page = await thankYouPage(invoice.id);
    try {
      await waitFor(() => page.win().statuses?.length, 'a status message');
      page.close();
      await waitFor(() => page.win().outcome, 'the thank-you page’s close handler');
      expect(page.win().outcome).to.equal('order shown');
      expect(page.win().statuses).to.deep.equal(['paid']);
    } finally {
      page.frame.remove();
    }
  });

  it('restores the cart when the shopper closes an unpaid invoice', async () => {
    const invoice = await newInvoice();
    const page = await thankYouPage(invoice.id);
    try {
      await waitFor(() => page.win().statuses?.length, 'a status message');
      page.close();
      await waitFor(() => page.win().outcome, 'the thank-you page’s close handler');
      expect(page.win().outcome).to.equal('cart restored');
    } finally {
      page.frame.remove();
    }
  });
});
