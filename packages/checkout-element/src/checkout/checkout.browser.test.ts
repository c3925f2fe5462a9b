import { executeServerCommand } from '@web/test-runner-commands';
import { expect } from 'chai';
import {
  harness,
  mount,
  mountOrder,
  newOrder,
  pay,
  q,
  record,
  scanQr,
  title,
  titleBecomes,
  unmountAll,
  waitFor,
} from '../../test/browser/helpers.js';
import type { BitpayCheckout } from '../checkout/checkout.js';

afterEach(unmountAll);

const EVENTS = [
  'bitpay-invoice-ready',
  'bitpay-status-change',
  'bitpay-invoice-paid',
  'bitpay-invoice-confirmed',
  'bitpay-invoice-complete',
  'bitpay-invoice-expired',
  'bitpay-checkout-error',
];

const text = (el: HTMLElement) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

describe('awaiting payment', () => {
  it('shows the amount, a QR code, a wallet link and the fiat price of the order', async () => {
    const el = await mountOrder({ lang: 'en' });
    const view = el.invoice!;
    const first = view.paymentCurrencies[0]!;
    expect(title(el)).to.equal('Awaiting payment');
    expect(q(el, '.price')!.textContent).to.equal('$25.50');
    expect(q(el, '.amount strong')!.textContent).to.equal(
      `${Number(first.total).toLocaleString('en', { maximumFractionDigits: 20 })} ${first.code}`,
    );
    expect(q<HTMLAnchorElement>(el, '[part=wallet-link]')!.href).to.match(/^[a-z]+:/);
    expect(q(el, '[part=countdown] strong')!.textContent).to.match(/^1[45]:\d\d$/);
  });

  it('draws the first QR with the invoice (no image to wait for), and a camera reads the wallet link from it', async () => {
    const el = await mountOrder({ lang: 'en' });
    const first = el.invoice!.paymentCurrencies[0]!;
    const svg = q(el, '[part=qr] > svg')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.getAttribute('aria-label')).to.contain(first.name);
    const images = performance.getEntriesByType('resource').filter((e) => e.name.includes(`/${el.invoice!.id}/qr.svg`));
    expect(images, 'requests for a QR image').to.have.length(0);
    expect(await scanQr(el)).to.equal(q<HTMLAnchorElement>(el, '[part=wallet-link]')!.getAttribute('href'));
    // Another currency's QR is the adapter's image of it, and scans as that currency's link.
    const radios = el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]');
    radios[1]!.click();
    await waitFor(() => q(el, '[part=qr] > img'), 'the image of the other currency');
    expect(await scanQr(el)).to.equal(q<HTMLAnchorElement>(el, '[part=wallet-link]')!.getAttribute('href'));
  });

  it('switches currency: amount, QR code and wallet link follow, the choice is reflected and announced', async () => {
    const el = await mountOrder({ lang: 'en' });
    const currencies = el.invoice!.paymentCurrencies;
    expect(currencies.length).to.be.greaterThan(1);
    const radios = el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]');
    expect(radios.length).to.equal(currencies.length);
    expect(radios[0]!.checked).to.equal(true);
    const other = currencies[1]!;
    const events = record(el, ['bitpay-currency-select']);
    radios[1]!.click();
    await waitFor(() => q(el, '.amount strong')!.textContent!.endsWith(other.code), 'the amount in the new currency');
    expect(q<HTMLImageElement>(el, 'figure img')!.src).to.equal(new URL(other.qr, document.baseURI).href);
    expect(el.getAttribute('currency')).to.equal(other.code);
    expect((events[0] as Event & { currency: string }).currency).to.equal(other.code);
  });

  it('shows each currency’s name and network whole on a phone-wide card, in Arabic too', async () => {
    for (const lang of ['en', 'ar']) {
      const box = document.createElement('div');
      box.style.width = '358px';
      document.body.append(box);
      const el = mount({ 'order-id': newOrder(), lang }, box);
      await waitFor(() => el.invoice && el.shadowRoot!.querySelectorAll('.pill small').length > 1, 'the currencies');
      await el.updateComplete;
      for (const about of el.shadowRoot!.querySelectorAll<HTMLElement>('.pill small')) {
        expect(about.scrollWidth, `${lang}: ${about.textContent}`).to.be.at.most(about.clientWidth);
      }
      unmountAll();
      box.remove();
    }
  });

  it('honours a preferred currency given as an attribute', async () => {
    const probe = await mountOrder();
    const last = probe.invoice!.paymentCurrencies.at(-1)!.code;
    unmountAll();
    const el = await mountOrder({ currency: last, lang: 'en' });
    expect(q(el, '.amount strong')!.textContent).to.match(new RegExp(` ${last}$`));
  });

  it('copies the amount and the payment link, with a visible, announced confirmation', async () => {
    const el = await mountOrder({ lang: 'en' });
    const selected = el.invoice!.paymentCurrencies[0]!;
    const [copyAmount, copyLink] = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~=copy-button]');
    copyAmount!.click();
    await waitFor(() => q(el, '[part=notice]')!.textContent === 'Copied to clipboard', 'the copy notice');
    expect(q(el, '[part=notice]')!.getAttribute('role')).to.equal('status');
    expect(await navigator.clipboard.readText()).to.equal(selected.total);
    copyLink!.click();
    await waitFor(async () => (await navigator.clipboard.readText()) !== selected.total, 'the link in the clipboard');
    expect(await navigator.clipboard.readText()).to.equal(
      q<HTMLAnchorElement>(el, '[part=wallet-link]')!.getAttribute('href'),
    );
  });

  it('shows the payment link as selectable text when the clipboard refuses', async () => {
    // A page whose Permissions Policy denies clipboard writes (an embedding shop can do this): Chromium
    // refuses under it. Firefox ignores the policy in frames, so the browser itself refuses too: no clipboard
    // writes without a real user gesture (the config lets script clicks write for the other copy tests).
    const frame = document.createElement('iframe');
    frame.allow = "clipboard-write 'none'";
    frame.style.cssText = 'width:480px;height:900px;border:0';
    frame.src = `/harness/page?${new URLSearchParams({ 'order-id': newOrder(), lang: 'en' })}`;
    document.body.append(frame);
    try {
      expect(await executeServerCommand('clipboard', { allowed: false })).to.equal(true);
      const el = await waitFor(() => {
        const e = frame.contentDocument?.querySelector('bitpay-checkout') as BitpayCheckout | null;
        return e?.invoice && q(e, '[part=wallet-link]') ? e : null;
      }, 'the checkout in the frame');
      const href = q<HTMLAnchorElement>(el, '[part=wallet-link]')!.getAttribute('href')!;
      const copyLink = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~=copy-button]')[1]!;
      copyLink.click();
      const notice = await waitFor(() => q(el, '[part=notice]')!.textContent || null, 'the copy notice');
      expect(notice).to.equal('Copy failed: select the text and copy it');
      const link = q(el, '[part=payment-link]')!;
      expect(link.textContent).to.equal(href);
      expect(getComputedStyle(link).userSelect).to.equal('all');
    } finally {
      frame.remove();
      await executeServerCommand('clipboard', { allowed: true });
    }
  });

  it('shows a known invoice by id', async () => {
    const first = await mountOrder();
    const id = first.invoice!.id;
    unmountAll();
    const el = mount({ 'invoice-id': id, lang: 'en' });
    await waitFor(() => el.invoice?.id === id && title(el) === 'Awaiting payment', 'the invoice by id');
  });
});

describe('payment states and events', () => {
  it('walks paid → confirmed → complete, firing each event once, ending with a link back to the shop', async () => {
    const el = await mountOrder({ lang: 'en' });
    const events = record(el, EVENTS);
    await pay(el.invoice!);
    await titleBecomes(el, 'Payment received');
    expect(q<HTMLProgressElement>(el, 'progress')!.max).to.equal(el.invoice!.targetConfirmations);
    expect(q(el, '[part=progress] small')!.textContent).to.match(/^0 of \d+ confirmations?$/);
    await harness(`invoices/${el.invoice!.id}/status`, { status: 'confirmed' });
    await titleBecomes(el, 'Payment confirmed');
    await harness(`invoices/${el.invoice!.id}/status`, { status: 'complete' });
    await titleBecomes(el, 'Payment complete');
    // The way forward is back to the shop (redirectURL), not a receipt link to the same order page.
    expect(q<HTMLAnchorElement>(el, 'a.primary')!.href).to.equal('https://shop.example/thanks');
    expect(text(el)).to.contain('Return to shop');
    const types = events.map((e) => e.type);
    for (const type of ['bitpay-invoice-paid', 'bitpay-invoice-confirmed', 'bitpay-invoice-complete']) {
      expect(
        types.filter((t) => t === type),
        type,
      ).to.have.length(1);
    }
    const changes = events.filter((e) => e.type === 'bitpay-status-change') as (Event & { previousStatus: string })[];
    expect(changes.map((e) => e.previousStatus)).to.deep.equal(['new', 'paid', 'confirmed']);
    for (const e of events) {
      expect(e.bubbles && e.composed, e.type).to.equal(true);
    }
  });

  it('explains a partial payment: what is still due and the auto-refund rule', async () => {
    const el = await mountOrder({ lang: 'en' });
    await pay(el.invoice!, 'partial');
    await titleBecomes(el, 'Partly paid');
    const view = el.invoice!;
    expect(view.amountDue).to.be.a('string');
    expect(text(el)).to.contain('still due').and.to.contain('BitPay refunds');
    expect(q(el, '.amount strong')!.textContent).to.contain(view.transactionCurrency!);
    expect(q(el, 'fieldset')).to.equal(null);
  });

  it('explains an overpayment', async () => {
    const el = await mountOrder({ lang: 'en' });
    await pay(el.invoice!, 'over');
    await titleBecomes(el, 'Overpaid');
    expect(text(el)).to.contain('too much');
    // How the shopper gets the extra back: BitPay's e-mail, where they say where to send it.
    expect(text(el)).to.contain('e-mail you a link to claim the refund');
  });

  it('offers to start again after expiry, with a new invoice for the same order', async () => {
    const el = await mountOrder({ lang: 'en' });
    const expired = record(el, ['bitpay-invoice-expired', 'bitpay-invoice-ready']);
    const first = el.invoice!.id;
    await harness(`invoices/${first}/status`, { status: 'expired' });
    await titleBecomes(el, 'Invoice expired');
    expect(expired.map((e) => e.type)).to.deep.equal(['bitpay-invoice-expired']);
    q<HTMLButtonElement>(el, '.actions button')!.click();
    await waitFor(() => el.invoice!.id !== first && title(el) === 'Awaiting payment', 'a new invoice');
    expect(el.invoice!.orderId).to.equal(el.orderId);
    expect(expired.map((e) => e.type)).to.deep.equal(['bitpay-invoice-expired', 'bitpay-invoice-ready']);
  });

  it('says when an expired invoice was partly paid that BitPay refunds it', async () => {
    const el = await mountOrder({ lang: 'en' });
    await pay(el.invoice!, 'partial');
    await titleBecomes(el, 'Partly paid');
    await harness(`invoices/${el.invoice!.id}/status`, { status: 'expired' });
    await titleBecomes(el, 'Invoice expired');
    expect(text(el)).to.contain('BitPay will refund').and.to.contain('e-mail you a link to claim the refund');
  });

  it('explains invalid and declined payments', async () => {
    const invalid = await mountOrder({ lang: 'en' });
    await pay(invalid.invoice!);
    await titleBecomes(invalid, 'Payment received');
    await harness(`invoices/${invalid.invoice!.id}/status`, { status: 'invalid' });
    await titleBecomes(invalid, 'Payment not confirmed');
    const declined = await mountOrder({ lang: 'en' });
    await pay(declined.invoice!);
    await titleBecomes(declined, 'Payment received');
    await harness(`invoices/${declined.invoice!.id}/status`, { status: 'declined' });
    await titleBecomes(declined, 'Payment declined');
    expect(text(declined)).to.contain('e-mail you a link to claim the refund');
  });

  it('shows a refund as it happens, and after a complete invoice on refresh', async () => {
    const el = await mountOrder({ lang: 'en' });
    await pay(el.invoice!);
    await titleBecomes(el, 'Payment received');
    await harness(`invoices/${el.invoice!.id}/status`, { status: 'confirmed' });
    await titleBecomes(el, 'Payment confirmed');
    // BitPay first asks the shopper where to send it: not "Refunded" yet.
    const refund = (await harness(`orders/${el.orderId}/refund`)) as { refundId: string };
    await titleBecomes(el, 'Refund under way');
    expect(text(el))
      .to.contain('A refund of $25.50 is on its way')
      .and.to.contain('e-mail you a link to claim the refund');
    await harness(`refunds/${refund.refundId}/status`, { status: 'success' });
    await el.refresh();
    await titleBecomes(el, 'Refunded');
    expect(text(el)).to.contain('A refund of $25.50 was issued').and.not.to.contain('claim');

    // A complete invoice's stream is closed: the refund shows when the page asks again.
    const done = await mountOrder({ lang: 'en' });
    await pay(done.invoice!);
    await titleBecomes(done, 'Payment received');
    await harness(`invoices/${done.invoice!.id}/status`, { status: 'complete' });
    await titleBecomes(done, 'Payment complete');
    await harness(`orders/${done.orderId}/refund`);
    await done.refresh();
    await titleBecomes(done, 'Refund under way');
  });
});

describe('errors', () => {
  it('says an order does not exist or cannot be paid, with the adapter’s code on the event', async () => {
    const missing = mount({ 'order-id': newOrder('nope'), lang: 'en' });
    const error = await new Promise<Event & { error: { code: string } }>((resolve) =>
      missing.addEventListener('bitpay-checkout-error', (e) => resolve(e as never), { once: true }),
    );
    expect(error.error.code).to.equal('ORDER_NOT_FOUND');
    await titleBecomes(missing, 'This invoice or order was not found.');
    expect(q(missing, 'button')).to.equal(null);
    const paid = mount({ 'order-id': newOrder('paid'), lang: 'en' });
    await titleBecomes(paid, 'This order cannot be paid now.');
  });

  it('offers a retry while the adapter is unreachable, and recovers', async () => {
    await harness('offline', { offline: true });
    let el: HTMLElement & { invoice: unknown };
    try {
      el = mount({ 'order-id': newOrder(), lang: 'en' });
      await titleBecomes(el as never, 'Payment service unreachable');
    } finally {
      await harness('offline', { offline: false });
    }
    q<HTMLButtonElement>(el as never, 'button.primary')!.click();
    await titleBecomes(el as never, 'Awaiting payment');
  });
});
