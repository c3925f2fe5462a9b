// Entry of the script-tag bundle (dist/bundle/checkout.js): defines <bitpay-checkout>. The drop-in for
// BitPay's modal script (window.bitpay) is bitpay.js beside it, so pages that do not use it do not pay for it.
import './i18n/bundle-locale-base.js';
import './define.js';

export { BitpayCheckout } from './checkout/checkout.js';
