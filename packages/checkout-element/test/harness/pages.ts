/**
 * A storefront page under a strict Content-Security-Policy that loads the script-tag bundle the way
 * a merchant does. Violations are collected by a 'self' script, since inline scripts are blocked.
 */
export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'";

export function cspPage(orderId: string): string {
  return `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><title>CSP</title>
<script src="/harness/csp-probe.js"></script>
<script type="module" src="/bitpay/checkout.js"></script>
</head>
<body><bitpay-checkout order-id="${orderId.replace(/[^\w-]/g, '')}"></bitpay-checkout></body>
</html>`;
}

export const CSP_PROBE = `window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.violations.push(e.violatedDirective + ' ' + e.blockedURI);
});`;

/** A plain storefront page with one element (used by `pnpm screenshots`). */
export function demoPage(attributes: Record<string, string>): string {
  const attrs = Object.entries(attributes)
    .filter(([name]) => /^(order-id|invoice-id|theme|lang|mode|open|auto-redirect)$/.test(name))
    .map(([name, value]) => `${name}="${value.replace(/[^\w-]/g, '')}"`)
    .join(' ');
  const dark = attributes.theme === 'dark';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Checkout</title>
<script type="module" src="/bitpay/checkout.js"></script>
<link rel="stylesheet" href="/harness/demo.css">
</head>
<body class="${dark ? 'dark' : 'light'}">
<header class="shop"><strong>Satoshi Supply</strong><span>Cart (1)</span></header>
<h1>Order ${(attributes['order-id'] ?? '').replace(/[^\w-]/g, '')}</h1>
<bitpay-checkout ${attrs}></bitpay-checkout>
</body>
</html>`;
}

// Like the demo store's order page: a shop header, a short title, then the checkout first.
export const DEMO_CSS = `body { margin: 0; padding: 16px; font-family: system-ui, sans-serif; }
header.shop { display: flex; justify-content: space-between; margin: -16px -16px 12px; padding: 12px 16px; background: #1a1f36; color: #fff; }
h1 { margin: 0 0 12px; font-size: 1.25rem; }
body.dark h1 { color: #f2f4fa; }
body.light { background: #eef1f7; }
body.dark { background: #0b0f1c; }`;

/**
 * A WooCommerce order-received page as BitPay's plugin makes it (its js/bitpay_thank_you.js, rewritten
 * without jQuery): bitpay.js as a classic script, then inline classic code that shows the invoice and
 * listens for `message` events. At close, the order is shown only when the last status seen was
 * `paid`; anything else restores the cart. `window.outcome` and `window.statuses` let tests read it.
 */
export function wooThanksPage(invoiceId: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Order received</title></head>
<body>
<div id="primary"><h1>Order received</h1><p>Thank you. Your order has been received.</p></div>
<script src="/bitpay/bitpay.js"></script>
<script>
  function showBitPayInvoice(invoiceID) {
    var primary = document.getElementById('primary');
    primary.hidden = true;
    var paymentStatus = null;
    window.statuses = [];
    window.addEventListener('message', function (event) {
      paymentStatus = event.data.status;
      window.statuses.push(paymentStatus);
    }, false);
    bitpay.onModalWillEnter(function () {
      primary.hidden = true;
    });
    bitpay.onModalWillLeave(function () {
      if (paymentStatus === 'paid') {
        window.outcome = 'order shown';
        primary.hidden = false;
      } else {
        window.outcome = 'cart restored';
      }
    });
    bitpay.showInvoice(invoiceID);
  }
  showBitPayInvoice(${JSON.stringify(invoiceId)});
</script>
</body>
</html>`;
}
