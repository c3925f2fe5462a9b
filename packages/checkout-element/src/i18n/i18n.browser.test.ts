import { expect } from 'chai';
import { mountOrder, q, title, unmountAll, waitFor } from '../../test/browser/helpers.js';

afterEach(() => {
  unmountAll();
  document.documentElement.lang = '';
});

const card = (el: HTMLElement) => q(el as never, '[part=base]')!;

describe('languages', () => {
  it('lays Arabic out right to left, in Arabic, with its plural rules', async () => {
    const el = await mountOrder({ lang: 'ar' });
    expect(card(el).dir).to.equal('rtl');
    expect(card(el).lang).to.equal('ar');
    expect(title(el)).to.equal('بانتظار الدفع');
    // Logical properties: the status bar sits on the right in RTL.
    const status = q(el, '.status')!;
    expect(getComputedStyle(status).borderRightWidth).to.equal('4px');
    expect(getComputedStyle(status).borderLeftWidth).to.equal('0px');
  });

  it('lays Hebrew, Persian and Urdu out right to left too, and German left to right', async () => {
    for (const [lang, dir] of [
      ['he', 'rtl'],
      ['fa', 'rtl'],
      ['ur', 'rtl'],
      ['de', 'ltr'],
    ] as const) {
      const el = await mountOrder({ lang });
      expect(card(el).dir, lang).to.equal(dir);
      expect(el.locale).to.equal(lang);
    }
  });

  it('takes the language of the page when the element has none, and loads only that locale', async () => {
    document.documentElement.lang = 'pt-BR';
    const el = await mountOrder();
    expect(el.locale).to.equal('pt');
    expect(title(el)).to.equal('Aguardando pagamento');
    const loaded = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((name) => /\/i18n\/locales\/[\w-]+\.js$/.test(name));
    expect(loaded.some((name) => name.endsWith('/pt.js'))).to.equal(true);
    expect(loaded.some((name) => name.endsWith('/it.js'))).to.equal(false);
  });

  it('switches language when `lang` changes', async () => {
    const el = await mountOrder({ lang: 'en' });
    el.lang = 'ja';
    await waitFor(() => title(el) === '支払い待ち', 'Japanese');
    expect(q(el, '[part=price]') ?? q(el, '.price')!).to.exist;
    expect(q(el, '.price')!.textContent).to.equal('$25.50');
  });
});
