// Imported first by the script-tag bundle: locale modules sit beside it under checkout/{hash}/ (served
// by the adapter as /checkout/…; the hash, of all of them, is the build's, so each URL is never reused). English, the fallback
// every page may need, is in the bundle: no second round trip before the first render. It must run
// before define.ts, whose upgrade of elements already in the page loads a locale at once.
import en from './locales/en.js';
import { preloadLocale, setLocaleBase } from './translate.js';

/** The content hash naming the locale modules' folder, set by the build (scripts/bundle-options.mjs). */
declare const __BITPAY_LOCALE_HASH__: string;

setLocaleBase(new URL(`./checkout/${__BITPAY_LOCALE_HASH__}/`, import.meta.url));
preloadLocale('en', en);
