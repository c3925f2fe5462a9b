import { expect } from 'chai';
import { newOrder, pay, waitFor } from '../test/browser/helpers.js';
import type { BitpayCheckout } from './checkout/checkout.js';

/**
 * The script-tag bundle as a merchant loads it, from the adapter, on a page with a strict
 * Content-Security-Policy (no inline scripts or styles, connections and images only to 'self').
 */
describe('script-tag bundle under a strict CSP', () => {
  it('renders, styles and follows an invoice with no policy violation', async () => {
    const frame = document.createElement('iframe');
    frame.style.width = '480px';
    frame.style.height = '900px';
    frame.src = `/harness/csp/${newOrder()}`;
    document.body.append(frame);
    try {
      const win = frame.contentWindow as Window & { violations?: string[] };
      // The page is German: the bundle loads that locale from beside itself. The locale can arrive
      // before the invoice ("Rechnung wird geladen…"), so wait for the invoice's own heading.
      const el = await waitFor(() => {
        const candidate = frame.contentDocument?.querySelector('bitpay-checkout');
        const heading = candidate?.shadowRoot?.querySelector('.status h2')?.textContent;
        return heading === 'Warten auf Zahlung' ? candidate : null;
      }, 'the German "awaiting payment" heading inside the CSP page');
      const root = el.shadowRoot!;
      // Styles came through adoptedStyleSheets, which style-src 'self' allows.
      expect(root.adoptedStyleSheets.length).to.be.greaterThan(0);
      expect(win.getComputedStyle(root.querySelector('.card')!).borderRadius).to.equal('12px');
      // The QR came with the invoice and is drawn inline: no image, which img-src 'self' would allow anyway.
      expect(root.querySelector('[part=qr] > svg path[d^="M"]')).to.not.equal(null);
      // The locale module and the stream are 'self' too.
      await waitFor(
        () =>
          win.performance
            .getEntriesByType('resource')
            .some((e) => /\/bitpay\/checkout\/[0-9a-f]{8}\/de\.js$/.test(e.name)),
        'the locale module',
      );
      // The minified bundle keeps focus on the new status heading when a payment arrives under it.
      root.querySelector<HTMLButtonElement>('[part~=copy-button]')!.focus();
      await pay((el as BitpayCheckout).invoice!);
      await waitFor(() => root.activeElement?.id === 'title', 'focus on the new status heading');
      expect(root.activeElement!.textContent).to.equal('Zahlung eingegangen');
      expect(win.violations).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });

  it('arrives compressed, English included: an English page loads checkout.js and no locale module', async () => {
    const frame = document.createElement('iframe');
    frame.src = `/harness/page?order-id=${newOrder()}&lang=en`;
    document.body.append(frame);
    try {
      await waitFor(
        () =>
          frame.contentDocument?.querySelector('bitpay-checkout')?.shadowRoot?.querySelector('.status h2')
            ?.textContent === 'Awaiting payment',
        'the English invoice',
      );
      const scripts = frame
        .contentWindow!.performance.getEntriesByType('resource')
        .filter((e): e is PerformanceResourceTiming => /\.js(\?|$)/.test(e.name));
      expect(scripts.map((e) => new URL(e.name).pathname)).to.deep.equal(['/bitpay/checkout.js']);
      const main = scripts[0]!;
      // Brotli or gzip from the adapter: well under half of the script's size.
      expect(main.encodedBodySize).to.be.greaterThan(0);
      expect(main.encodedBodySize).to.be.below(main.decodedBodySize / 2);
    } finally {
      frame.remove();
    }
  });
});
