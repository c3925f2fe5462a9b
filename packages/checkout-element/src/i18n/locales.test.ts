import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import en from './locales/en.js';
import { isRtl, matchLocale, SUPPORTED_LOCALES } from './locales.js';
import { Translator } from './translate.js';

const files = readdirSync(new URL('./locales/', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));

/** A locale's messages; the path is a variable so the test loads each module as the element would. */
async function load(locale: string): Promise<Record<string, unknown>> {
  const path = `./locales/${locale}.js`;
  return (await import(/* @vite-ignore */ path)).default;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  it('ships at least 30 locales, each listed and each with a module', () => {
    expect(SUPPORTED_LOCALES.length).toBeGreaterThanOrEqual(30);
    expect([...files].sort()).toEqual([...SUPPORTED_LOCALES].sort());
  });

  describe.each(SUPPORTED_LOCALES)('%s', (locale) => {
    it('has every key of English, and no other', async () => {
      const messages = await load(locale);
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
    });

    it('keeps the placeholders of every message and each plural form Intl uses', async () => {
      const messages = await load(locale);
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const [key, source] of Object.entries(en)) {
        const message = messages[key];
        if (typeof source === 'string') {
          expect(typeof message, key).toBe('string');
          expect(placeholders(message as string), key).toEqual(placeholders(source));
          continue;
        }
        const forms = message as Record<string, string>;
        for (const category of categories) expect(forms[category], `${key}.${category}`).toBeTypeOf('string');
        // Every form names what it shows; "one"/"two"/"zero" may spell the number out.
        expect(placeholders(forms.other!), key).toEqual(placeholders(source.other));
      }
    });
  });
});

describe('matchLocale', () => {
  it('takes the first wanted language it supports', () => {
    expect(matchLocale([null, 'xx', 'de-AT', 'fr'])).toBe('de');
    expect(matchLocale(['pt-BR'])).toBe('pt');
    expect(matchLocale(['nn-NO'])).toBe('nb');
    expect(matchLocale(['en_GB'])).toBe('en');
  });

  it('tells traditional from simplified Chinese', () => {
    expect(matchLocale(['zh-Hant-HK'])).toBe('zh-TW');
    expect(matchLocale(['zh-TW'])).toBe('zh-TW');
    expect(matchLocale(['zh-CN'])).toBe('zh');
    expect(matchLocale(['zh'])).toBe('zh');
  });

  it('falls back to English', () => {
    expect(matchLocale([])).toBe('en');
    expect(matchLocale(['', undefined, 'tlh'])).toBe('en');
  });
});

describe('isRtl', () => {
  it('is true for Arabic, Hebrew, Persian and Urdu only', () => {
    expect(SUPPORTED_LOCALES.filter(isRtl).sort()).toEqual(['ar', 'fa', 'he', 'ur']);
  });
});

describe('Translator', () => {
  it('picks plural forms by Intl rules and formats numbers for the locale', async () => {
    const ar = new Translator('ar', (await import('./locales/ar.js')).default);
    expect(ar.plural('minutesLeft', { count: 1 })).toBe('بقيت دقيقة واحدة');
    expect(ar.plural('minutesLeft', { count: 5 })).toBe(`بقيت ${(5).toLocaleString('ar')} دقائق`);
    const ru = new Translator('ru', (await import('./locales/ru.js')).default);
    expect([1, 3, 5, 21].map((count) => ru.plural('minutesLeft', { count }))).toEqual([
      'Осталась 1 минута',
      'Осталось 3 минуты',
      'Осталось 5 минут',
      'Осталась 21 минута',
    ]);
    const english = new Translator('en', en);
    expect(english.plural('confirmations', { count: 0, target: 1 }, 'target')).toBe('0 of 1 confirmation');
    expect(english.t('networkCost', { amount: '0.1 BTC' })).toBe('Includes network cost of 0.1 BTC');
  });

  it('shows the key of a message a locale lacks instead of failing', () => {
    expect(new Translator('en', {}).t('retry')).toBe('retry');
  });
});
