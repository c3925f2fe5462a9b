import { sendKeys } from '@web/test-runner-commands';
import { expect } from 'chai';
import {
  mount,
  mountOrder,
  newOrder,
  nextEvent,
  q,
  record,
  titleBecomes,
  unmountAll,
  waitFor,
} from '../../test/browser/helpers.js';
import type { BitpayCheckout } from '../checkout/checkout.js';
import { createBitpayModal } from './bitpay-global.js';

afterEach(unmountAll);

/** The focused element, looking through shadow roots. */
function focused(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

function trigger(): HTMLButtonElement {
  const button = document.createElement('button');
  button.textContent = 'Pay with crypto';
  document.body.append(button);
  return button;
}

/** Shift+Tab (puppeteer presses one key at a time). */
async function shiftTab(): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ up: 'Shift' });
}

describe('modal', () => {
  it('opens a native modal dialog, keeps focus inside, closes on Escape and gives focus back', async () => {
    const button = trigger();
    const el = mount({ 'order-id': newOrder(), mode: 'modal', lang: 'en' });
    await waitFor(() => el.invoice, 'the invoice');
    const events = record(el, ['bitpay-modal-open', 'bitpay-modal-close']);
    button.focus();
    button.addEventListener('click', () => el.show());
    button.click();
    const dialog = q<HTMLDialogElement>(el, 'dialog')!;
    await waitFor(() => dialog.open && dialog.matches(':modal'), 'the modal');
    await titleBecomes(el, 'Awaiting payment');
    expect(dialog.getAttribute('aria-labelledby')).to.equal('title');
    for (let i = 0; i < 12; i++) {
      await sendKeys({ press: 'Tab' });
      expect(dialog.contains(focused()), `focus after ${i + 1} Tab presses: ${focused()?.outerHTML}`).to.equal(true);
    }
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !dialog.open, 'the dialog to close');
    expect(el.open).to.not.equal(true);
    expect(el.hasAttribute('open')).to.equal(false);
    await waitFor(() => focused() === button, 'focus back on the button');
    expect(events.map((e) => e.type)).to.deep.equal(['bitpay-modal-open', 'bitpay-modal-close']);
    button.remove();
  });

  it('wraps Shift+Tab on the first control to the last, the footer content included, and Tab back', async () => {
    const el = mount({ 'order-id': newOrder(), mode: 'modal', lang: 'en' });
    const help = document.createElement('a');
    help.slot = 'footer';
    help.href = '#help';
    help.textContent = 'Help';
    el.append(help);
    await waitFor(() => el.invoice, 'the invoice');
    el.show();
    const dialog = q<HTMLDialogElement>(el, 'dialog')!;
    await waitFor(() => dialog.open && dialog.matches(':modal'), 'the modal');
    await titleBecomes(el, 'Awaiting payment');
    const close = q<HTMLButtonElement>(el, '[part~=close-button]')!;
    const hosted = q<HTMLAnchorElement>(el, 'a[target=_blank]')!;
    close.focus();
    expect(focused()).to.equal(close);
    await shiftTab();
    await waitFor(() => focused() === help, `the footer link (focus is on ${focused()?.outerHTML})`);
    await shiftTab();
    await waitFor(() => focused() === hosted, `the hosted page link (focus is on ${focused()?.outerHTML})`);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await waitFor(() => focused() === close, `the close button again (focus is on ${focused()?.outerHTML})`);
    for (let i = 0; i < 12; i++) {
      await shiftTab();
      const now = focused();
      expect(
        dialog.contains(now) || now === help,
        `focus after ${i + 1} Shift+Tab presses: ${now?.outerHTML}`,
      ).to.equal(true);
    }
  });

  it('closes with its close button, and the invoice stays payable', async () => {
    const el = await mountOrder({ mode: 'modal', open: '', lang: 'en' });
    const closed = nextEvent(el, 'bitpay-modal-close');
    q<HTMLButtonElement>(el, '[part~=close-button]')!.click();
    expect((await closed).invoice?.status).to.equal('new');
    el.show();
    await titleBecomes(el, 'Awaiting payment');
  });

  it('renders nothing on the page while closed', async () => {
    const el = mount({ 'order-id': newOrder(), mode: 'modal', lang: 'en' });
    await waitFor(() => el.invoice, 'the invoice');
    const dialog = q<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.equal(false);
    expect(dialog.getBoundingClientRect().height).to.equal(0);
  });
});

describe('window.bitpay (drop-in for BitPay’s modal script)', () => {
  it('shows an invoice by id, calls the enter/leave callbacks and posts status messages', async () => {
    const probe = await mountOrder();
    const id = probe.invoice!.id;
    unmountAll();
    // The API bitpay.js puts on window.bitpay (the drop-in tests load that script itself).
    const api = createBitpayModal(window);
    const calls: string[] = [];
    api.onModalWillEnter(() => calls.push('enter'));
    api.onModalWillLeave(() => calls.push('leave'));
    api.enableTestMode();
    api.showInvoice(id);
    const el = await waitFor(
      () => document.querySelector<BitpayCheckout>('body > bitpay-checkout[mode=modal]'),
      'the modal element',
    );
    try {
      await waitFor(() => el.invoice?.id === id && q(el, 'dialog')?.hasAttribute('open'), 'the invoice in the modal');
      expect(calls).to.deep.equal(['enter']);
      const message = new Promise<MessageEvent>((resolve) =>
        window.addEventListener('message', (e) => e.data?.invoiceId === id && resolve(e)),
      );
      await fetch(`/harness/invoices/${id}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 'full', currency: el.invoice!.paymentCurrencies[0]!.code }),
      });
      const { data, origin } = await message;
      expect(data).to.deep.equal({ invoiceId: id, status: 'paid' });
      expect(origin).to.equal(location.origin);
      api.hideFrame();
      await waitFor(() => calls.length === 2, 'the leave callback');
      expect(calls).to.deep.equal(['enter', 'leave']);
    } finally {
      el.remove();
    }
  });
});
