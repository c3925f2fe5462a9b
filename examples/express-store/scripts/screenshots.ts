// `pnpm screenshots`: the README pictures of the demo store's order page, as a shopper sees it. Starts
// the store with the sandbox exactly as `pnpm start` does (free ports, a temporary data folder), buys
// something through the store's own pages, then shoots the order page's first screen on a phone and a
// desktop, each light, dark and right to left (Arabic), into packages/checkout-element/docs/.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../../scripts/chromium.mjs';

const root = new URL('../../../', import.meta.url);
const storeDir = new URL('../', import.meta.url);
const docsDir = new URL('packages/checkout-element/docs/', root);
const WAIT = { timeout: 30_000 };
/** README images stay light to load; a phone shot at 2× that comes out bigger is taken again at 1×. */
const MAX_BYTES = 150 * 1024;

const DEVICES = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
} satisfies Record<string, BrowserContextOptions>;

const VARIANTS = {
  light: { colorScheme: 'light', rtl: false },
  dark: { colorScheme: 'dark', rtl: false },
  rtl: { colorScheme: 'light', rtl: true },
} as const;

/** A port nothing listens on now (the store needs its own URL before it starts, for IPNs). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `pnpm start` in a child process; resolves with the store's URL once it prints it. */
async function startStore(dataDir: string): Promise<{ base: string; child: ChildProcess }> {
  const [port, sandboxPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [fileURLToPath(new URL('scripts/run-ts.mjs', root)), 'src/start.ts'], {
    cwd: fileURLToPath(storeDir),
    env: {
      ...process.env,
      BITPAY_ENV: 'sandbox',
      HOST: '127.0.0.1',
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: randomBytes(8).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk;
      const url = /^Store:\s+(http:\/\/\S+?)\/?$/m.exec(out)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`the store exited (${code}) before it started:\n${out}`)));
  });
  return { base, child };
}

async function stopStore(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** What a shopper does: add the first product to the cart, check out, land on the order page. */
async function placeOrder(browser: Browser, base: string): Promise<string> {
  const page = await browser.newPage();
  try {
    await page.goto(base);
    await page.locator('.product').first().getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(/\/cart$/);
    await page.getByRole('button', { name: 'Check out with BitPay' }).click();
    await page.waitForURL(/\/orders\/[^/]+$/);
    return page.url();
  } finally {
    await page.close();
  }
}

/** Until the element shows the payable invoice: status, countdown, amount, and a QR that has drawn. */
async function invoiceShown(page: Page, lang: string): Promise<void> {
  await page.waitForFunction(
    (lang) => {
      const el = document.querySelector('bitpay-checkout') as (HTMLElement & { locale?: string }) | null;
      const shadow = el?.shadowRoot;
      if (!shadow || el.locale !== lang) return false;
      const title = shadow.querySelector('[part=status] h2')?.textContent ?? '';
      // The Arabic messages load after the first render: wait for them, not the English fallback.
      const translated = lang === 'ar' ? /[\u0600-\u06ff]/.test(title) : title.trim() !== '';
      const countdown = shadow.querySelector('[part=countdown]')?.textContent ?? '';
      const qr = shadow.querySelector('[part=qr] img, [part=qr] svg');
      const drawn = qr instanceof HTMLImageElement ? qr.complete && qr.naturalWidth > 0 : qr !== null;
      // Digits in any script: Arabic may count down in Arabic-Indic ones.
      return translated && /\p{Nd}/u.test(countdown) && drawn;
    },
    lang,
    WAIT,
  );
  await page.locator('bitpay-checkout [part=amount]').waitFor(WAIT);
  await page.evaluate(() => document.fonts.ready);
}

async function shoot(
  browser: Browser,
  orderUrl: string,
  device: keyof typeof DEVICES,
  variant: keyof typeof VARIANTS,
): Promise<string> {
  const { colorScheme, rtl } = VARIANTS[variant];
  const name = `store-${device}-${variant}.png`;
  const file = fileURLToPath(new URL(name, docsDir));
  for (let scale = DEVICES[device].deviceScaleFactor; ; scale = 1) {
    const context = await browser.newContext({
      ...DEVICES[device],
      deviceScaleFactor: scale,
      colorScheme,
      locale: rtl ? 'ar' : 'en-US',
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      if (rtl) {
        // The store has no language switch: serve its order page as an Arabic store would (lang and
        // dir on <html>), so the element, which reads the nearest lang, renders in Arabic from the start.
        await page.route(orderUrl, async (route) => {
          const response = await route.fetch();
          const body = (await response.text()).replace(/<html lang="[^"]*"/, '<html lang="ar" dir="rtl"');
          await route.fulfill({ response, body });
        });
      }
      await page.goto(orderUrl);
      await invoiceShown(page, rtl ? 'ar' : 'en');
      if (errors.length) throw new Error(`${name}: errors on the page: ${errors.join('; ')}`);
      await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    } finally {
      await context.close();
    }
    const bytes = statSync(file).size;
    if (bytes <= MAX_BYTES || scale === 1) return `${name} ${Math.round(bytes / 1024)} KB (${scale}×)`;
  }
}

async function main() {
  const executablePath = findChromium();
  const dataDir = mkdtempSync(join(tmpdir(), 'express-store-screenshots-'));
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  // Ctrl-C skips the finally below: still leave no store running and no data folder behind.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      child?.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(130);
    });
  }
  try {
    const store = await startStore(dataDir);
    child = store.child;
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const orderUrl = await placeOrder(browser, store.base);
    for (const device of Object.keys(DEVICES) as (keyof typeof DEVICES)[]) {
      for (const variant of Object.keys(VARIANTS) as (keyof typeof VARIANTS)[]) {
        console.log(`packages/checkout-element/docs/${await shoot(browser, orderUrl, device, variant)}`);
      }
    }
  } finally {
    await browser?.close();
    if (child) await stopStore(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
