// Imported first by the script-tag bundle: locale modules sit beside it under checkout/ (served by
// the adapter as /checkout/…). It must run before define.ts, whose upgrade of elements already in the
// page loads a locale at once.
import { setLocaleBase } from './translate.js';

setLocaleBase(new URL('./checkout/', import.meta.url));
