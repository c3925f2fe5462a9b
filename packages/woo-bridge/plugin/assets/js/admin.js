/**
 * The "Test connection" button on the gateway's settings page: a POST to admin-ajax (nonce-checked,
 * manage_woocommerce only) that asks the bridge to check itself, this shop's REST API and BitPay.
 */
(() => {
  const button = document.getElementById('bitpay-checkout-test-connection');
  const result = document.getElementById('bitpay-checkout-test-result');
  const config = window.bitpayCheckoutAdmin;
  if (!button || !result || !config) {
    return;
  }
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.textContent = config.i18n.testing;
    const body = new URLSearchParams({ action: 'bitpay_checkout_test_connection', _ajax_nonce: config.nonce });
    try {
      const res = await fetch(config.ajaxUrl, { method: 'POST', body, credentials: 'same-origin' });
      const json = await res.json();
      const checks = json.data?.checks || [];
      const lines = checks.map((c) => (c.ok ? '✔ ' : '✖ ') + c.name + ': ' + c.detail);
      if (json.data?.message) {
        lines.push(json.data.message);
      }
      result.textContent = (json.success ? config.i18n.ok : config.i18n.failed) + ' ' + lines.join(' · ');
    } catch {
      result.textContent = config.i18n.failed;
    } finally {
      button.disabled = false;
    }
  });
})();
