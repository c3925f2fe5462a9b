// Entry of the script-tag bundle (dist/bundle/checkout.js): defines <bitpay-checkout> and
// window.bitpay, a drop-in for BitPay's modal script.
import './i18n/bundle-locale-base.js';
import './define.js';
import { installBitpayGlobal } from './modal/bitpay-global.js';

installBitpayGlobal();

export { BitpayCheckout } from './checkout/checkout.js';
// For bitpay.js (the classic drop-in), which loads this module and backs its window.bitpay with it.
export { createBitpayModal } from './modal/bitpay-global.js';
