// Issue 12: focus that follows the view, end states with a way forward, theming, SPA reuse, regional formats.
import { emulateMedia } from '@web/test-runner-commands';
import { expect } from 'chai';
import {
  harness,
  mount,
  mountOrder,
  newOrder,
  pay,
  q,
  record,
  title,
  titleBecomes,
  unmountAll,
  waitFor,
} from '../../test/browser/helpers.js';
import { loadTranslator } from '../i18n/translate.js';

/** Emulates the system's color scheme: DevTools protocol in Chromium, a pref in Firefox (see the runner's config). */
async function systemColorScheme(colorScheme: 'light' | 'dark'): Promise<void> {
  await emulateMedia({ colorScheme });
}

afterEach(async () => {
  unmountAll();
  document.documentElement.style.colorScheme = '';
  document.documentElement.removeAttribute('lang');
  await systemColorScheme('light');
});

const text = (el: HTMLElement) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const active = (el: HTMLElement) => el.shadowRoot!.activeElement;

describe('focus follows the view', () => {
  it('moves focus to the new status heading when a payment arrives under it', async () => {
    const el = await mountOrder({ lang: 'en' });
    q<HTMLButtonElement>(el, '[part~=copy-button]')!.focus();
    expect(active(el)?.getAttribute('part')).to.contain('copy-button');
    await pay(el.invoice!);
    await titleBecomes(el, 'Payment received');
    await waitFor(() => active(el)?.id === 'title', 'focus on the status heading');
    expect(document.activeElement).to.equal(el);
  });

  it('moves focus to the new invoice’s heading after "Start again"', async () => {
    const el = await mountOrder({ lang: 'en' });
    const first = el.invoice!.id;
    await harness(`invoices/${first}/status`, { status: 'expired' });
    await titleBecomes(el, 'Invoice expired');
    const again = q<HTMLButtonElement>(el, '.actions button')!;
    again.focus();
    again.click();
    await waitFor(() => el.invoice!.id !== first && title(el) === 'Awaiting payment', 'a new invoice');
    await waitFor(() => active(el)?.id === 'title', 'focus on the status heading');
  });

  it('leaves focus alone when it was elsewhere on the page', async () => {
    const outside = document.createElement('button');
    outside.textContent = 'elsewhere';
    document.body.append(outside);
    try {
      const el = await mountOrder({ lang: 'en' });
      outside.focus();
      await pay(el.invoice!);
      await titleBecomes(el, 'Payment received');
      expect(document.activeElement).to.equal(outside);
    } finally {
      outside.remove();
    }
  });
});

describe('end states have a way forward', () => {
  it('shows the invoice and order ids and the shop’s support link when an invoice expires', async () => {
    const el = await mountOrder({ lang: 'en', 'support-url': 'mailto:help@shop.example' });
    const { id, orderId } = el.invoice!;
    await harness(`invoices/${id}/status`, { status: 'expired' });
    await titleBecomes(el, 'Invoice expired');
    expect(text(el)).to.contain(`Invoice ${id}`).and.to.contain(`Order ${orderId}`);
    expect(q<HTMLAnchorElement>(el, '[part=support-link]')!.getAttribute('href')).to.equal('mailto:help@shop.example');
  });

  it('offers a next step when the order is not found, and ignores a support link that is not https: or mailto:', async () => {
    const good = mount({ 'order-id': newOrder('nope'), lang: 'en', 'support-url': 'https://shop.example/help' });
    await titleBecomes(good, 'This invoice or order was not found.');
    expect(text(good)).to.contain(`Order ${good.orderId}`);
    expect(q<HTMLAnchorElement>(good, '[part=support-link]')!.href).to.equal('https://shop.example/help');
    const bad = mount({ 'order-id': newOrder('nope'), lang: 'en', 'support-url': 'javascript:alert(1)' });
    await titleBecomes(bad, 'This invoice or order was not found.');
    expect(q(bad, '[part=support-link]')).to.equal(null);
  });

  it('says "too many attempts, try again in N s" on RATE_LIMITED, with Retry-After on the error', async () => {
    // This adapter creates one invoice a minute: the second new order is refused.
    const first = mount({ 'order-id': newOrder(), lang: 'en', endpoint: '/harness/limited' });
    await waitFor(() => first.invoice || first.error, 'the first order');
    const el = mount({ 'order-id': newOrder(), lang: 'en', endpoint: '/harness/limited' });
    await waitFor(() => el.error, 'the refusal');
    expect(el.error!.code).to.equal('RATE_LIMITED');
    expect(el.error!.retryAfter).to.be.a('number').and.to.be.greaterThan(0);
    await waitFor(() => /Too many attempts\. Try again in \d+ s\./.test(text(el)), 'the rate-limit message');
    expect(text(el)).not.to.contain('Check your connection');
  });

  it('after a plain expiry, "Start again" comes with "if you already sent a payment, wait for it"', async () => {
    const el = await mountOrder({ lang: 'en' });
    await harness(`invoices/${el.invoice!.id}/status`, { status: 'expired' });
    await titleBecomes(el, 'Invoice expired');
    expect(text(el)).to.contain('If you already sent a payment, wait for it');
    expect(q(el, '.actions button')!.textContent).to.equal('Start again');
  });

  it('says a payment arrived after the invoice expired, that BitPay refunds it, and offers "Pay again"', async () => {
    const el = await mountOrder({ lang: 'en' });
    const { id } = el.invoice!;
    await harness(`invoices/${id}/status`, { status: 'expired' });
    await titleBecomes(el, 'Invoice expired');
    await pay(el.invoice!, 'full');
    await titleBecomes(el, 'Payment arrived after the invoice expired');
    expect(el.invoice!.id).to.equal(id);
    expect(text(el)).to.contain('BitPay refunds it').and.to.contain(`Invoice ${id}`);
    const again = q<HTMLButtonElement>(el, '.actions button')!;
    expect(again.textContent).to.equal('Pay again');
    again.click();
    await waitFor(() => el.invoice!.id !== id && title(el) === 'Awaiting payment', 'a new invoice');
  });

  it('offers "Return to shop" (not a receipt of the same page) once confirmed', async () => {
    const el = await mountOrder({ lang: 'en' });
    await pay(el.invoice!);
    await harness(`invoices/${el.invoice!.id}/status`, { status: 'confirmed' });
    await titleBecomes(el, 'Payment confirmed');
    const primary = q<HTMLAnchorElement>(el, 'a.primary')!;
    expect(primary.textContent!.trim()).to.equal('Return to shop');
    expect(primary.href).to.equal(el.invoice!.redirectURL);
    expect(text(el)).not.to.contain('View receipt');
  });

  it('fires bitpay-invoice-refunded once the refund succeeded, and not while it is pending', async () => {
    const el = await mountOrder({ lang: 'en' });
    const refunded = record(el, ['bitpay-invoice-refunded']);
    await pay(el.invoice!);
    await harness(`invoices/${el.invoice!.id}/status`, { status: 'confirmed' });
    await titleBecomes(el, 'Payment confirmed');
    const refund = (await harness(`orders/${el.orderId}/refund`)) as { refundId: string };
    await titleBecomes(el, 'Refund under way');
    expect(el.invoice!.refund!.status).to.equal('pending');
    expect(refunded).to.have.length(0);
    await harness(`refunds/${refund.refundId}/status`, { status: 'success' });
    await el.refresh();
    await waitFor(() => refunded.length === 1, 'the refunded event');
    expect((refunded[0] as Event & { invoice: { refund: { status: string } } }).invoice.refund.status).to.equal(
      'success',
    );
  });
});

describe('theming', () => {
  const auto = 'theme="auto" follows the page’s color-scheme: a light shop on a dark system gets a light card';
  it(auto, async () => {
    await systemColorScheme('dark');
    document.documentElement.style.colorScheme = 'light';
    const el = await mountOrder({ lang: 'en' });
    expect(getComputedStyle(q(el, '.card')!).backgroundColor).to.equal('rgb(255, 255, 255)');
    document.documentElement.style.colorScheme = 'dark';
    expect(getComputedStyle(q(el, '.card')!).backgroundColor).to.equal('rgb(20, 26, 46)');
  });

  it('applies --bitpay-surface to the amount panel and --bitpay-on-accent to text on the accent', async () => {
    const el = await mountOrder({ lang: 'en' });
    el.style.setProperty('--bitpay-surface', 'rgb(1, 2, 3)');
    el.style.setProperty('--bitpay-on-accent', 'rgb(4, 5, 6)');
    expect(getComputedStyle(q(el, '[part=amount]')!).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(q(el, '[part=wallet-link]')!).color).to.equal('rgb(4, 5, 6)');
  });
});

describe('single-page apps', () => {
  it('drops the previous order’s invoice at once when order-id changes, then shows the new order’s', async () => {
    const el = await mountOrder({ lang: 'en' });
    const old = el.invoice!;
    const next = newOrder();
    el.setAttribute('order-id', next);
    await el.updateComplete;
    expect(el.invoice?.id ?? null).not.to.equal(old.id);
    expect(text(el)).not.to.contain(old.paymentCurrencies[0]!.total);
    await waitFor(() => el.invoice?.orderId === next, 'the new order’s invoice');
    expect(el.invoice!.id).not.to.equal(old.id);
  });
});

describe('regional formats', () => {
  it('formats with the page’s full tag (de-CH) while translating in German', async () => {
    document.documentElement.lang = 'de-CH';
    const el = await mountOrder();
    expect(el.locale).to.equal('de');
    const swiss = new Intl.NumberFormat('de-CH', { style: 'currency', currency: 'USD' }).format(25.5);
    expect(swiss).not.to.equal(new Intl.NumberFormat('de', { style: 'currency', currency: 'USD' }).format(25.5));
    expect(q(el, '.price')!.textContent).to.equal(swiss);
  });

  for (const [locale, digits] of [
    ['fa', /^[۰-۹]+:[۰-۹]{2}$/],
    ['bn', /^[০-৯]+:[০-৯]{2}$/],
  ] as const) {
    it(`writes the countdown in the digits of the rest of the card (${locale})`, async () => {
      const el = await mountOrder({ lang: locale });
      const price = q(el, '.price')!.textContent!;
      expect(price).to.match(/[۰-۹০-৯]/);
      expect(q(el, '[part=countdown] strong')!.textContent).to.match(digits);
    });
  }

  it('no confirmation line agrees with the wrong number (French "1 confirmations sur 6")', async () => {
    for (const locale of ['fr', 'hi', 'ur']) {
      const t = await loadTranslator(locale);
      const line = t.plural('confirmations', { count: 1, target: 6 }, 'target');
      expect(line, locale).not.to.match(/^1 confirmations|1 पुष्टियाँ|1 تصدیقات/);
      expect(line, locale).to.contain('1').and.to.contain('6');
    }
  });
});
