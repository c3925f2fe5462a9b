// Imported first by the script-tag bundle: locale modules sit beside it under checkout/ (served by
// the adapter as /checkout/…), with content-hashed names the build passes in. English, the fallback
// every page may need, is in the bundle: no second round trip before the first render. It must run
// before define.ts, whose upgrade of elements already in the page loads a locale at once.
import en from './locales/en.js';
import { preloadLocale, setLocaleBase } from './translate.js';

/** `{locale: file name}` of the locale modules, set by the build (scripts/bundle-options.mjs). */
declare const __BITPAY_LOCALE_FILES__: Record<string, string>;

setLocaleBase(new URL('./checkout/', import.meta.url), __BITPAY_LOCALE_FILES__);
preloadLocale('en', en);
