// End to end, in real Chromium: a shopper buys from the demo store and pays through the sandbox.
// Run by `pnpm test` (CHROMIUM_PATH is set by the root test script); screenshots go to ./screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../../scripts/chromium.mjs';
import { completedOrder, control, openInvoice, startDemo } from './harness.js';

const SHOTS = new URL('../screenshots/', import.meta.url);
const WAIT = { timeout: 30_000 };
const PHONE = { width: 390, height: 844 };

async function title(page: Page, text: string): Promise<void> {
  await page.locator('bitpay-checkout h2', { hasText: text }).waitFor(WAIT);
}

/** The currency choice labelled exactly `code` (BTC, not WBTC). */
/** A currency pill (its ticker in bold, name and network beside it); those past the first few are behind "More". */
async function currency(page: Page, code: string) {
  const pill = page.locator(`bitpay-checkout [part="currencies"] label:has(b:text-is("${code}"))`);
  if (!(await pill.isVisible())) await page.locator('bitpay-checkout [part="more"] summary').click();
  return pill;
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

    await step('the first screen pays: "Open in wallet" on a 390×844 phone, the QR on a 1280×800 desktop', async () => {
      const session = await context.storageState();
      const devices = [
        { name: 'phone', viewport: PHONE, hasTouch: true, isMobile: true, target: '[part="wallet-link"]' },
        {
          name: 'desktop',
          viewport: { width: 1280, height: 800 },
          hasTouch: false,
          isMobile: false,
          target: '[part="qr"]',
        },
      ];
      for (const { name, target, ...device } of devices) {
        const other = await browser!.newContext({ ...device, storageState: session });
        try {
          const tab = await other.newPage();
          await tab.goto(`${demo.base}/orders/${orderId}`);
          await title(tab, 'Awaiting payment');
          const box = await tab.locator(`bitpay-checkout ${target}`).boundingBox();
          const { width, height } = device.viewport;
          assert.ok(
            box && box.y >= 0 && box.y + box.height <= height && box.x >= 0 && box.x + box.width <= width,
            `${name}: ${target} not fully in the first ${width}×${height} screen (${JSON.stringify(box)})`,
          );
        } finally {
          await other.close();
        }
      }
    });

    await step('switch currency', async () => {
      await (await currency(page, 'ETH')).click();
      await page.locator('bitpay-checkout [part="amount"]', { hasText: 'ETH' }).waitFor(WAIT);
      const qr = await page.locator('bitpay-checkout [part="qr"] img').getAttribute('src');
      assert.match(qr ?? '', /currency=ETH/);
      const wallet = await page.locator('bitpay-checkout [part="wallet-link"]').getAttribute('href');
      assert.match(wallet ?? '', /^ethereum:/);
      await shot(page, '02-currency');
      await (await currency(page, 'BTC')).click();
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
      // The way forward is the shop's own page (the invoice's redirectURL), not a receipt link to this page.
      const back = await page
        .locator('bitpay-checkout a', { hasText: /Return to shop|View receipt/ })
        .getAttribute('href');
      assert.equal(back, `${demo.base}/orders/${orderId}`);
      await shot(page, '06-complete');
    });

    await step('refund from the admin page: the button says what happened, a second click says why not', async () => {
      const admin = await browser!.newContext({
        viewport: { width: 1000, height: 900 },
        httpCredentials: { username: 'admin', password: 'test-admin' },
      });
      const tab = await admin.newPage();
      const otherTab = await admin.newPage();
      await tab.goto(`${demo.base}/admin`);
      await otherTab.goto(`${demo.base}/admin`); // the same page, open in a second tab
      await tab.locator(`tr[data-order-id="${orderId}"] button`, { hasText: 'Refund' }).click();
      const requested = tab.locator('[data-testid="admin-notice"][data-code="REFUND_REQUESTED"]');
      await requested.waitFor(WAIT);
      assert.match((await requested.textContent()) ?? '', /Refund of \$25\.00 requested/);
      assert.equal(
        await tab.locator(`tr[data-order-id="${orderId}"] td[data-label="Action"]`).textContent(),
        'Refund pending',
      );
      await shot(tab, '07-admin-refund-requested');
      // The second tab still shows the button: its click is told the refund is already under way.
      await otherTab.locator(`tr[data-order-id="${orderId}"] button`, { hasText: 'Refund' }).click();
      const pending = otherTab.locator('[data-testid="admin-notice"][data-code="REFUND_PENDING"]');
      await pending.waitFor(WAIT);
      assert.match((await pending.textContent()) ?? '', /already has a refund in progress/);
      await admin.close();
    });

    await step('BitPay completes the refund and the order page says refunded', async () => {
      const [refund] = await demo.store.adapter.client.getRefunds(invoiceId);
      assert.ok(refund, 'one refund at BitPay');
      await control(demo, `refunds/${refund.id}/status`, { status: 'success' });
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
      await shot(page, '08-refunded');
    });

    await step('the admin page fits a 390 px phone', async () => {
      // One more paid order, so the table has a Refund button beside the refunded one.
      await completedOrder(demo);
      const phone = await browser!.newContext({
        viewport: PHONE,
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 3,
        httpCredentials: { username: 'admin', password: 'test-admin' },
      });
      const tab = await phone.newPage();
      await tab.goto(`${demo.base}/admin?order=${orderId}&notice=ALREADY_REFUNDED`);
      const widths = await tab.evaluate(() => ({
        viewport: window.innerWidth,
        page: document.documentElement.scrollWidth,
        widest: Math.max(...[...document.querySelectorAll('main *')].map((e) => e.getBoundingClientRect().right)),
      }));
      // A mobile browser widens its layout viewport (and zooms out) to fit a page wider than the phone.
      assert.equal(widths.viewport, PHONE.width, `the page needs ${widths.viewport} px on a ${PHONE.width} px phone`);
      assert.ok(
        widths.page <= PHONE.width,
        `the page scrolls sideways: ${widths.page} px wide on a ${PHONE.width} px phone`,
      );
      assert.ok(widths.widest <= PHONE.width, `something sticks out: right edge at ${widths.widest} px`);
      const button = tab.locator('.admin-orders button', { hasText: 'Refund' }).first();
      const box = await button.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, 'the Refund button is on screen');
      await shot(tab, '09-admin-phone');
      await phone.close();
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
