/**
 * BitPay Checkout in the block checkout. Plain JavaScript on WordPress's globals: no build step, no
 * network call here (the invoice is made server-side when the order is placed).
 */
(() => {
  const { registerPaymentMethod } = window.wc.wcBlocksRegistry;
  const { getSetting } = window.wc.wcSettings;
  const { createElement } = window.wp.element;
  const { decodeEntities } = window.wp.htmlEntities;
  const { __ } = window.wp.i18n;

  const settings = getSetting('bitpay_checkout_data', {});
  const title =
    decodeEntities(settings.title || '') || __('Bitcoin and other crypto (BitPay)', 'bitpay-checkout-for-woocommerce');

  function Content() {
    return createElement('p', null, decodeEntities(settings.description || ''));
  }

  function Label(props) {
    const { PaymentMethodLabel } = props.components;
    return createElement(PaymentMethodLabel, { text: title });
  }

  registerPaymentMethod({
    name: 'bitpay_checkout',
    label: createElement(Label),
    content: createElement(Content),
    edit: createElement(Content),
    canMakePayment: () => true,
    ariaLabel: title,
    supports: { features: settings.supports || ['products'] },
  });
})();
