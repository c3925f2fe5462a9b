import type { Page, Response } from 'playwright-core';

/** What a shopper types at checkout. */
const SHOPPER = {
  email: 'ada@example.test',
  first: 'Ada',
  last: 'Lovelace',
  address: '1 Analytical Way',
  city: 'San Francisco',
  postcode: '94110',
  phone: '4155550100',
};

export async function adminLogin(page: Page, site: string, password: string): Promise<void> {
  await page.goto(`${site}/wp-admin/`, { timeout: 60_000 });
  if (!page.url().includes('wp-login.php')) return; // still logged in
  await page.fill('#user_login', 'admin');
  await page.fill('#user_pass', password);
  await Promise.all([page.waitForURL(/\/wp-admin\//, { timeout: 60_000 }), page.click('#wp-submit')]);
}

/** The gateway's settings page, as a merchant fills it in; then "Test connection". Returns what the button says. */
export async function configureGateway(page: Page, site: string, bridgeUrl: string, secret: string): Promise<string> {
  await page.goto(`${site}/wp-admin/admin.php?page=wc-settings&tab=checkout&section=bitpay_checkout`);
  const enabled = page.locator('#woocommerce_bitpay_checkout_enabled');
  if (!(await enabled.isChecked())) await enabled.check();
  await page.fill('#woocommerce_bitpay_checkout_bridge_url', bridgeUrl);
  await page.fill('#woocommerce_bitpay_checkout_shared_secret', secret);
  await Promise.all([page.waitForLoadState('load'), page.click('button[name="save"]')]);
  await page.waitForSelector('#bitpay-checkout-test-connection');
  await page.click('#bitpay-checkout-test-connection');
  const result = page.locator('#bitpay-checkout-test-result');
  await page.waitForFunction(
    () => /Connected|Not connected/.test(document.getElementById('bitpay-checkout-test-result')?.textContent ?? ''),
    undefined,
    { timeout: 30_000 },
  );
  return (await result.textContent()) ?? '';
}

function orderIdFromPayUrl(url: string): number {
  const m = /order-pay\/(\d+)/.exec(url);
  if (!m) throw new Error(`not an order-pay page: ${url}`);
  return Number(m[1]);
}

/**
 * The block checkout (WooCommerce's default Checkout page). The Place Order click waits for the debounced
 * customer update to be sent first: a click made before it is silently dropped by the block checkout.
 */
export async function blockCheckout(page: Page, site: string, productId: number): Promise<number> {
  await page.goto(`${site}/?add-to-cart=${productId}`);
  await page.goto(`${site}/checkout/`);
  await page.waitForSelector('#email', { timeout: 30_000 });
  const bitpay = page.locator('label:has-text("BitPay")');
  await bitpay.first().waitFor({ timeout: 30_000 });
  const fields: [string, string][] = [
    ['#email', SHOPPER.email],
    ['#billing-first_name', SHOPPER.first],
    ['#billing-last_name', SHOPPER.last],
    ['#billing-address_1', SHOPPER.address],
    ['#billing-city', SHOPPER.city],
    ['#billing-postcode', SHOPPER.postcode],
  ];
  for (const [sel, value] of fields) await page.fill(sel, value);
  const phone = page.locator('#billing-phone');
  if (await phone.count()) await phone.fill(SHOPPER.phone);
  const updated = page.waitForResponse(
    (r) => r.url().includes('/wc/store/v1/batch') && r.request().method() === 'POST',
    {
      timeout: 15_000,
    },
  );
  await page.keyboard.press('Tab');
  await updated.catch(() => {}); // nothing changed that needed sending
  await page.waitForTimeout(1500); // the debounce of a last keystroke
  const radio = page.locator('#radio-control-wc-payment-method-options-bitpay_checkout');
  if (await radio.count()) await radio.check();
  let checkout: Response | null = null;
  for (let attempt = 0; attempt < 3 && !checkout; attempt++) {
    const posted = page
      .waitForResponse((r) => r.url().includes('/wc/store/v1/checkout') && r.request().method() === 'POST', {
        timeout: 20_000,
      })
      .catch(() => null);
    await page.click('.wc-block-components-checkout-place-order-button');
    checkout = await posted;
  }
  if (!checkout) throw new Error('the block checkout never sent POST /wc/store/v1/checkout');
  if (checkout.status() !== 200) {
    const body = await checkout.text().catch(() => '');
    throw new Error(`checkout answered ${checkout.status()}: ${body.slice(0, 500)}`);
  }
  await page.waitForURL(/order-pay\//, { timeout: 30_000 });
  return orderIdFromPayUrl(page.url());
}

/** The classic shortcode checkout. */
export async function classicCheckout(page: Page, site: string, productId: number, path: string): Promise<number> {
  await page.goto(`${site}/?add-to-cart=${productId}`);
  await page.goto(`${site}${path}`);
  await page.waitForSelector('#billing_first_name', { timeout: 30_000 });
  await page.fill('#billing_first_name', SHOPPER.first);
  await page.fill('#billing_last_name', SHOPPER.last);
  await page.fill('#billing_address_1', SHOPPER.address);
  await page.fill('#billing_city', SHOPPER.city);
  await page.fill('#billing_postcode', SHOPPER.postcode);
  if (await page.locator('#billing_phone').count()) await page.fill('#billing_phone', SHOPPER.phone);
  await page.fill('#billing_email', SHOPPER.email);
  // The order review is refreshed by AJAX after changes; the payment methods come with it.
  await page.waitForSelector('#payment_method_bitpay_checkout', { state: 'attached', timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('.blockUI'), undefined, { timeout: 30_000 });
  await page.locator('#payment_method_bitpay_checkout').check({ force: true });
  await page.click('#place_order');
  // Success redirects at once (the answer's body may be gone with the page); a refusal shows a notice.
  const outcome = await Promise.race([
    page.waitForURL(/order-pay\//, { timeout: 30_000 }).then(() => null),
    page
      .waitForSelector('.woocommerce-error, .woocommerce-NoticeGroup-checkout, .is-error', { timeout: 30_000 })
      .then(async (el) => (await el.textContent())?.trim() ?? 'error'),
  ]);
  if (outcome) throw new Error(`classic checkout refused: ${outcome.slice(0, 300)}`);
  await page.waitForURL(/order-pay\//, { timeout: 30_000 });
  return orderIdFromPayUrl(page.url());
}

export interface ElementState {
  invoiceId: string;
  status: string;
  price: number;
  text: string;
  qrLoaded: boolean;
}

/** Waits for `<bitpay-checkout>` to show an invoice (optionally in a given status) and reads it. */
export async function elementState(page: Page, status?: string, timeout = 30_000): Promise<ElementState> {
  await page.waitForFunction(
    (want) => {
      const el = document.querySelector('bitpay-checkout') as
        | (Element & { invoice?: { id?: string; status?: string } })
        | null;
      return Boolean(el?.invoice?.id) && (!want || el?.invoice?.status === want);
    },
    status,
    { timeout },
  );
  return page.evaluate(() => {
    const el = document.querySelector('bitpay-checkout') as Element & {
      invoice: { id: string; status: string; price: number };
      shadowRoot: ShadowRoot | null;
    };
    const qr = el.shadowRoot?.querySelector('[part=qr] > :is(svg, img)');
    return {
      invoiceId: el.invoice.id,
      status: el.invoice.status,
      price: el.invoice.price,
      text: (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 300),
      qrLoaded:
        qr instanceof HTMLImageElement ? qr.complete && qr.naturalWidth > 0 : Boolean(qr?.querySelector('path')),
    };
  });
}

/** A full refund from the order screen ("Refund … via BitPay Checkout"). Returns any alert WooCommerce showed. */
export async function adminRefund(
  page: Page,
  site: string,
  orderId: number,
  hpos: boolean,
  amount: string,
): Promise<string | null> {
  const url = hpos
    ? `${site}/wp-admin/admin.php?page=wc-orders&action=edit&id=${orderId}`
    : `${site}/wp-admin/post.php?post=${orderId}&action=edit`;
  await page.goto(url);
  let alert: string | null = null;
  const onDialog = async (d: import('playwright-core').Dialog) => {
    if (d.type() === 'alert') alert = d.message();
    await d.accept();
  };
  page.on('dialog', onDialog);
  try {
    await page.click('button.refund-items');
    await page.fill('#refund_amount', amount);
    await page.fill('#refund_reason', 'e2e: shopper changed their mind');
    const done = page.waitForResponse(
      (r) =>
        r.url().includes('admin-ajax.php') && (r.request().postData() ?? '').includes('woocommerce_refund_line_items'),
      {
        timeout: 60_000,
      },
    );
    await page.click('button.do-api-refund');
    const res = await done;
    // WooCommerce reloads the page on success, which can take the answer's body with it.
    const text = await res.text().catch(() => '');
    let json: { success?: boolean; data?: { error?: string } } | null = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    if (json && json.success === false) return json.data?.error ?? 'refund refused';
    if (res.status() !== 200) return `refund answered ${res.status()}`;
    await page.waitForLoadState('load');
    return alert;
  } finally {
    page.off('dialog', onDialog);
  }
}

/** Whether the element's QR shows within a while: drawn inline from the invoice, or an image from the adapter. */
export async function qrLoads(page: Page, timeout = 15_000): Promise<boolean> {
  return page
    .waitForFunction(
      () => {
        const qr = document.querySelector('bitpay-checkout')?.shadowRoot?.querySelector('[part=qr] > :is(svg, img)');
        if (qr instanceof HTMLImageElement) return qr.complete && qr.naturalWidth > 0;
        return Boolean(qr?.querySelector('path[d^="M"]'));
      },
      undefined,
      { timeout },
    )
    .then(
      () => true,
      () => false,
    );
}
