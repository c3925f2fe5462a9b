import { BitpayCheckout } from './checkout/checkout.js';

// The only place that registers the tag; importing the class alone has no side effects.
if (!customElements.get('bitpay-checkout')) customElements.define('bitpay-checkout', BitpayCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'bitpay-checkout': BitpayCheckout;
  }
}

export { BitpayCheckout };
