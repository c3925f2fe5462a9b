// Issue 12, "the first screen pays": the demo order page in a phone's and a desktop's first screen.
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { expect } from 'chai';
import { mountOrder, newOrder, q, unmountAll, waitFor } from '../../test/browser/helpers.js';
import type { BitpayCheckout } from './checkout.js';

const frames: HTMLIFrameElement[] = [];
afterEach(async () => {
  unmountAll();
  for (const f of frames.splice(0)) f.remove();
  await executeServerCommand('emulate-device', { width: 800, height: 600, touch: false });
});

/** The demo order page (shop header, title, then the checkout) at the size of the screen. */
const QR = '[part=qr] > :is(img, svg)';

async function demoPage(width: number, height: number, touch: boolean, attrs: Record<string, string> = {}) {
  const ok = await executeServerCommand('emulate-device', { width, height, touch });
  expect(ok, 'device emulation').to.equal(true);
  const frame = document.createElement('iframe');
  frame.style.cssText = `position:fixed;inset:0;width:${width}px;height:${height}px;border:0;background:#fff`;
  frame.src = `/harness/page?${new URLSearchParams({ 'order-id': newOrder(), lang: 'en', ...attrs })}`;
  document.body.append(frame);
  frames.push(frame);
  const el = await waitFor(() => {
    const e = frame.contentDocument?.querySelector('bitpay-checkout') as BitpayCheckout | null;
    return e?.invoice && e.shadowRoot?.querySelector(QR) ? e : null;
  }, 'the checkout in the demo page');
  // Drawn inline (an <svg> carried with the invoice) or as an image of the adapter's.
  await waitFor(() => {
    const qr = el.shadowRoot!.querySelector(QR)!;
    return !(qr instanceof HTMLImageElement) || qr.complete;
  }, 'the QR');
  return { el, win: frame.contentWindow! };
}

function fullyVisible(target: Element, win: Window): boolean {
  const r = target.getBoundingClientRect();
  return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= win.innerHeight && r.right <= win.innerWidth;
}

/** Visual order (top to bottom, then start to end) of these parts equals their DOM order. */
function visualOrderIsDomOrder(el: BitpayCheckout, parts: string[]): void {
  const nodes = parts.map((p) => q(el, `[part~=${p}]`)!).filter(Boolean);
  const dom = [...nodes].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  // Two columns: a part wholly right of the amount panel is in the second column, read after the first.
  const split = q(el, '[part=amount]')!.getBoundingClientRect().right;
  const key = (n: Element) => {
    const r = n.getBoundingClientRect();
    return [r.left >= split ? 1 : 0, r.top] as const;
  };
  const visual = [...nodes].sort((a, b) => {
    const [ca, ta] = key(a);
    const [cb, tb] = key(b);
    return ca - cb || ta - tb;
  });
  const name = (n: Element) => n.getAttribute('part');
  expect(visual.map(name).join(' '), 'visual order').to.equal(dom.map(name).join(' '));
}

describe('the first screen pays', () => {
  for (const mode of ['inline', 'modal'] as const) {
    const attrs: Record<string, string> = mode === 'modal' ? { mode: 'modal', open: '' } : {};

    const phone = `phone 390×844 (${mode}): "Open in wallet" full width and fully visible first, the QR below it`;
    it(phone, async () => {
      const { el, win } = await demoPage(390, 844, true, attrs);
      const wallet = q(el, '[part=wallet-link]')!;
      const at = JSON.stringify(wallet.getBoundingClientRect());
      expect(fullyVisible(wallet, win), `wallet link in the first screen (${at})`).to.equal(true);
      const qr = q(el, '[part=qr]')!;
      expect(qr.getBoundingClientRect().top).to.be.greaterThan(wallet.getBoundingClientRect().bottom);
      // A phone cannot scan its own screen: the caption says what the QR is for.
      expect(q(el, '[part=qr] figcaption')!.textContent).to.equal('Scan to pay from another device');
      // Full width: as wide as the amount panel.
      expect(wallet.getBoundingClientRect().width).to.be.closeTo(
        q(el, '[part=amount]')!.getBoundingClientRect().width,
        2,
      );
      visualOrderIsDomOrder(el, ['status', 'countdown', 'amount', 'wallet-link', 'qr']);
    });

    it(`desktop 1280×800 (${mode}): the QR fully visible, beside status, amount and actions`, async () => {
      const { el, win } = await demoPage(1280, 800, false, attrs);
      const qr = q(el, QR)!;
      expect(fullyVisible(qr, win), 'QR in the first screen').to.equal(true);
      expect(q(el, '[part=qr] figcaption')!.textContent).to.equal('Scan with your wallet app');
      const amount = q(el, '[part=amount]')!.getBoundingClientRect();
      expect(qr.getBoundingClientRect().left).to.be.greaterThan(amount.right);
      visualOrderIsDomOrder(el, ['status', 'countdown', 'amount', 'actions', 'qr']);
      if (mode === 'modal') {
        // The modal fits without scrolling, and the page behind it does not scroll.
        const dialog = q<HTMLDialogElement>(el, 'dialog')!;
        expect(dialog.scrollHeight).to.be.at.most(dialog.clientHeight);
        expect(win.getComputedStyle(win.document.documentElement).overflow).to.equal('hidden');
      }
    });
  }

  it('puts the status and the time left together at the top, before the currencies', async () => {
    const el = await mountOrder({ lang: 'en' });
    const status = q(el, '[part=status]')!.getBoundingClientRect();
    const countdown = q(el, '[part=countdown]')!.getBoundingClientRect();
    const currencies = q(el, '[part=currencies]')!.getBoundingClientRect();
    expect(countdown.bottom).to.be.lessThan(currencies.top);
    expect(countdown.top).to.be.lessThan(status.bottom + 40);
  });
});

describe('currency chooser', () => {
  it('shows a few currencies with name and network, the rest behind "More", and remembers the choice', async () => {
    const el = await mountOrder({ lang: 'en' });
    const list = el.invoice!.paymentCurrencies;
    expect(list.length).to.be.greaterThan(4);
    const pills = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part=currencies] > label')];
    expect(pills).to.have.length(4);
    expect(pills[0]!.textContent).to.contain(list[0]!.name);
    expect(pills.some((p) => /Ethereum|Polygon|Bitcoin/.test(p.textContent!))).to.equal(true);
    const more = q<HTMLDetailsElement>(el, 'details[part=more]')!;
    expect(more.querySelector('summary')!.textContent).to.equal('More');
    expect(more.querySelectorAll('label')).to.have.length(list.length - 4);
    more.open = true;
    const last = list.at(-1)!;
    more.querySelector<HTMLInputElement>(`input[value="${last.code}"]`)!.click();
    await waitFor(() => q(el, '.amount strong')!.textContent!.endsWith(last.code), 'the new currency');
    // The next checkout on this site starts with it (not removed by unmountAll until after this test).
    const next = document.createElement('bitpay-checkout') as BitpayCheckout;
    next.setAttribute('order-id', newOrder());
    next.setAttribute('lang', 'en');
    document.body.append(next);
    try {
      await waitFor(() => next.shadowRoot?.querySelector('.amount strong'), 'the second checkout');
      expect(next.shadowRoot!.querySelector('.amount strong')!.textContent).to.match(new RegExp(` ${last.code}$`));
    } finally {
      next.remove();
    }
  });

  it('draws the keyboard focus ring on the pill, distinct from "selected"', async () => {
    const el = await mountOrder({ lang: 'en' });
    const pill = q(el, '[part=currencies] > label')!;
    q(el, '#title')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(pill.querySelector('input'));
    expect(getComputedStyle(pill).outlineStyle, 'focused pill').to.equal('solid');
    await sendKeys({ press: 'Tab' });
    // Still selected, no longer focused: the selected look stays, the ring goes.
    expect(getComputedStyle(pill).outlineStyle, 'selected pill').to.equal('none');
    expect(getComputedStyle(pill).boxShadow).not.to.equal('none');
  });
});
