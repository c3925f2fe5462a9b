// End to end, in real Chromium: a shopper buys from the demo store and pays through the sandbox.
// Run by `pnpm test` (CHROMIUM_PATH is set by the root test script); screenshots go to ./screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../../scripts/chromium.mjs';
import { startDemo } from './harness.js';

const SHOTS = new URL('../screenshots/', import.meta.url);
const WAIT = { timeout: 30_000 };

type Demo = Awaited<ReturnType<typeof startDemo>>;

async function control(demo: Demo, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(new URL(`sandbox/${path}`, demo.sandbox.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(res.status, 200, `sandbox ${path}: ${JSON.stringify(json)}`);
  return json;
}

/** The open invoice of an order, as the adapter returns it (the same one the page shows). */
async function openInvoice(demo: Demo, orderId: string): Promise<{ id: string; status: string }> {
  const res = await fetch(`${demo.base}/bitpay/invoices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId }),
  });
  return (await res.json()) as { id: string; status: string };
}

async function title(page: Page, text: string): Promise<void> {
  await page.locator('bitpay-checkout h2', { hasText: text }).waitFor(WAIT);
}

/** The currency choice labelled exactly `code` (BTC, not WBTC). */
function currency(page: Page, code: string) {
  return page.locator('bitpay-checkout [part="currencies"] label').filter({ hasText: new RegExp(`^\\s*${code}\\s*$`) });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: true });
}

async function step(name: string, fn: () => Promise<void>): Promise<void> {
  const started = Date.now();
  await fn();
  console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
}

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  const executablePath = findChromium();
  const demo = await startDemo();
  let browser: Browser | undefined;
  const errors: string[] = [];
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.base });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource|ERR_/.test(m.text())) errors.push(m.text());
    });
    let orderId = '';
    let invoiceId = '';

    console.log('e2e: express-store with the sandbox');
    await step('choose a product and check out', async () => {
      await page.goto(demo.base);
      await page.locator('[data-product-id="tee"] button', { hasText: 'Add to cart' }).click();
      await page.waitForURL(/\/cart$/);
      assert.match((await page.getByTestId('cart-total').textContent()) ?? '', /\$25\.00/);
      await page.getByRole('button', { name: 'Check out with BitPay' }).click();
      await page.waitForURL(/\/orders\/[0-9a-f]+$/);
      orderId = page.url().split('/').pop() as string;
    });

    await step('see the invoice', async () => {
      await title(page, 'Awaiting payment');
      const invoice = await openInvoice(demo, orderId);
      invoiceId = invoice.id;
      await page.locator('bitpay-checkout [part="amount"]', { hasText: 'BTC' }).waitFor(WAIT);
      await page.locator('bitpay-checkout [part="countdown"]', { hasText: /\d+:\d\d/ }).waitFor(WAIT);
      await shot(page, '01-invoice');
    });

    await step('switch currency', async () => {
      await currency(page, 'ETH').click();
      await page.locator('bitpay-checkout [part="amount"]', { hasText: 'ETH' }).waitFor(WAIT);
      const qr = await page.locator('bitpay-checkout [part="qr"] img').getAttribute('src');
      assert.match(qr ?? '', /currency=ETH/);
      const wallet = await page.locator('bitpay-checkout [part="wallet-link"]').getAttribute('href');
      assert.match(wallet ?? '', /^ethereum:/);
      await shot(page, '02-currency');
      await currency(page, 'BTC').click();
    });

    await step('pay partly in the sandbox and see the partial state', async () => {
      await control(demo, `invoices/${invoiceId}/pay`, { amount: 'partial', currency: 'BTC' });
      await title(page, 'Partly paid');
      await shot(page, '03-partial');
    });

    await step('let it expire and start again', async () => {
      await control(demo, 'clock', { advanceMs: 16 * 60_000 });
      await title(page, 'Invoice expired');
      await shot(page, '04-expired');
      await page.locator('bitpay-checkout button', { hasText: 'Start again' }).click();
      await title(page, 'Awaiting payment');
      const fresh = await openInvoice(demo, orderId);
      assert.notEqual(fresh.id, invoiceId, 'a new invoice for the same order');
      invoiceId = fresh.id;
    });

    await step('pay in full and watch it confirm and complete live', async () => {
      await control(demo, `invoices/${invoiceId}/pay`, { amount: 'full', currency: 'BTC' });
      await title(page, 'Payment received');
      await shot(page, '05-paid');
      await control(demo, 'clock', { advanceMs: 10 * 60_000 });
      await title(page, 'Payment confirmed');
      await control(demo, 'clock', { advanceMs: 60 * 60_000 });
      await title(page, 'Payment complete');
      // The store's own status line follows the element's events, live.
      await page.locator('[data-testid="order-status"][data-status="complete"]').waitFor(WAIT);
      assert.equal(await page.getByTestId('order-status').textContent(), 'Payment complete');
      const receipt = await page.locator('bitpay-checkout a', { hasText: 'View receipt' }).getAttribute('href');
      assert.equal(receipt, `${demo.base}/orders/${orderId}`);
      await shot(page, '06-complete');
    });

    await step('refund the order through the adapter and see it refunded', async () => {
      const res = await fetch(`${demo.base}/admin/orders/${orderId}/refund`, {
        method: 'POST',
        headers: { authorization: demo.adminAuth, accept: 'application/json' },
      });
      const refund = (await res.json()) as { refundId: string };
      assert.equal(res.status, 200, JSON.stringify(refund));
      await control(demo, `refunds/${refund.refundId}/status`, { status: 'success' });
      // The merchant's hook marks the order refunded (through the adapter's outbox, within seconds).
      const deadline = Date.now() + WAIT.timeout;
      let status = '';
      while (status !== 'refunded' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        status = ((await (await fetch(`${demo.base}/api/orders/${orderId}`)).json()) as { status: string }).status;
      }
      assert.equal(status, 'refunded');
      await page.reload();
      await title(page, 'Refunded');
      await page.locator('[data-testid="order-status"][data-status="refunded"]').waitFor(WAIT);
      await shot(page, '07-refunded');
    });

    assert.deepEqual(errors, [], `no script errors in the page: ${errors.join('; ')}`);
    console.log('e2e: passed');
  } finally {
    await browser?.close();
    await demo.close();
  }
}

main().catch((err) => {
  console.error('e2e: FAILED:', err);
  process.exit(1);
});
