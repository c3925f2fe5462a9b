import type { Messages, PluralKey, TextKey } from './en.js';

type Params = Record<string, string | number>;

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Messages of one locale, with plural rules from Intl. A missing key shows as its name. */
export class Translator {
  readonly #plural: Intl.PluralRules;
  constructor(
    readonly locale: string,
    readonly messages: Partial<Messages>,
  ) {
    this.#plural = new Intl.PluralRules(locale);
  }

  /** A plain message with `{name}` placeholders filled. */
  t(key: TextKey, params: Params = {}): string {
    return fill(this.messages[key] ?? key, params);
  }

  /** A plural message chosen by `params[by]` (default `count`), numbers formatted for `numbers` (a regional tag). */
  plural(key: PluralKey, params: Record<string, number>, by = 'count', numbers = this.locale): string {
    const forms = this.messages[key] ?? { other: key };
    const form = forms[this.#plural.select(params[by] ?? 0)] ?? forms.other;
    const formatted: Params = {};
    for (const [k, v] of Object.entries(params)) formatted[k] = v.toLocaleString(numbers);
    return fill(form, formatted);
  }
}

/** Where locale modules are: ./locales/ beside this module, or what the script-tag bundle sets. */
let base = new URL('./locales/', import.meta.url);

/** Points the loader at another folder of locale modules (the bundle keeps them under checkout/{hash}/). */
export function setLocaleBase(url: URL | string): void {
  base = new URL(url, document.baseURI);
}

const cache = new Map<string, Promise<Translator>>();

/** Makes a locale available without a download (the bundle carries English). */
export function preloadLocale(locale: string, messages: Messages): void {
  cache.set(locale, Promise.resolve(new Translator(locale, messages)));
}

/**
 * Loads a supported locale's messages (once per page). The URL is computed at run time, so
 * bundlers leave each locale as its own file instead of inlining them all.
 */
export function loadTranslator(locale: string): Promise<Translator> {
  let pending = cache.get(locale);
  if (!pending) {
    const url = new URL(`${locale}.js`, base).href;
    pending = import(/* @vite-ignore */ url).then(
      (mod: { default: Messages }) => new Translator(locale, mod.default),
      (err: unknown) => {
        cache.delete(locale);
        throw err;
      },
    );
    cache.set(locale, pending);
  }
  return pending;
}
