// `pnpm screenshots`: PNGs of every state in light, dark and right-to-left (Arabic) into the
// package's screenshots/ (ignored by git), against the real adapter and sandbox.
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../../../scripts/chromium.mjs';
import type { BitpayCheckout } from '../../src/checkout/checkout.js';
import { startHarness } from './server.js';

type View = { id: string; status: string; exceptionStatus: unknown; refund: unknown };
interface State {
  /** Brings a fresh invoice into the state. */
  drive?(id: string, currency: string): Promise<void>;
  /** True once the element shows it. */
  shown(view: View | null, error: boolean): boolean;
  order?: string;
  offline?: boolean;
}

const outDir = new URL('../../screenshots/', import.meta.url);
const harness = await startHarness();
const post = async (path: string, body: unknown = {}) => {
  const res = await fetch(`${harness.url}/harness/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
};
const payFull = (id: string, currency: string) => post(`invoices/${id}/pay`, { amount: 'full', currency });
const status = (id: string, s: string) => post(`invoices/${id}/status`, { status: s });

const STATES: Record<string, State> = {
  awaiting: { shown: (v) => v?.status === 'new' && !v.exceptionStatus },
  partial: {
    drive: (id, currency) => post(`invoices/${id}/pay`, { amount: 'partial', currency }),
    shown: (v) => v?.exceptionStatus === 'paidPartial',
  },
  overpaid: {
    drive: (id, currency) => post(`invoices/${id}/pay`, { amount: 'over', currency }),
    shown: (v) => v?.exceptionStatus === 'paidOver',
  },
  confirming: { drive: payFull, shown: (v) => v?.status === 'paid' },
  confirmed: {
    drive: async (id, c) => {
      await payFull(id, c);
      await status(id, 'confirmed');
    },
    shown: (v) => v?.status === 'confirmed',
  },
  complete: {
    drive: async (id, c) => {
      await payFull(id, c);
      await status(id, 'complete');
    },
    shown: (v) => v?.status === 'complete',
  },
  expired: { drive: (id) => status(id, 'expired'), shown: (v) => v?.status === 'expired' },
  invalid: {
    drive: async (id, c) => {
      await payFull(id, c);
      await status(id, 'invalid');
    },
    shown: (v) => v?.status === 'invalid',
  },
  declined: {
    drive: async (id, c) => {
      await payFull(id, c);
      await status(id, 'declined');
    },
    shown: (v) => v?.status === 'declined',
  },
  refunded: { shown: (v) => !!v?.refund },
  'not-found': { order: 'nope', shown: (_v, error) => error },
  unreachable: { offline: true, shown: (_v, error) => error },
};

const VARIANTS = {
  light: { theme: 'light', lang: 'en' },
  dark: { theme: 'dark', lang: 'en' },
  rtl: { theme: 'light', lang: 'ar' },
};

await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: CHROMIUM_ARGS,
});
// The first screen of each device, as a shopper sees it: a touch phone and a desktop.
const DEVICES = {
  phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true },
  desktop: { viewport: { width: 1280, height: 800 }, hasTouch: false, isMobile: false },
};

try {
  for (const [device, options] of Object.entries(DEVICES)) {
    const page = await browser.newPage({ ...options, deviceScaleFactor: 1 });
    for (const [name, state] of Object.entries(STATES)) {
      for (const [variant, attrs] of Object.entries(VARIANTS)) {
        const orderId = `${state.order ?? 'order'}-${crypto.randomUUID()}`;
        if (state.offline) await post('offline', { offline: true });
        const query = new URLSearchParams({ 'order-id': orderId, ...attrs });
        await page.goto(`${harness.url}/harness/page?${query}`);
        const el = page.locator('bitpay-checkout');
        if (!state.offline && state.order === undefined) {
          await page.waitForFunction(() => document.querySelector<BitpayCheckout>('bitpay-checkout')?.invoice?.id);
          const { id, currency } = await el.evaluate((e: BitpayCheckout) => ({
            id: e.invoice!.id,
            currency: e.invoice!.paymentCurrencies[0]!.code,
          }));
          await state.drive?.(id, currency);
          if (name === 'refunded') {
            await payFull(id, currency);
            await status(id, 'confirmed');
            await post(`orders/${orderId}/refund`);
          }
        }
        const check = state.shown.toString();
        await page.waitForFunction(
          (source) => {
            const e = document.querySelector<BitpayCheckout>('bitpay-checkout');
            const shown = new Function(`return (${source})`)() as State['shown'];
            const img = e?.shadowRoot?.querySelector('img');
            return (
              !!e?.shadowRoot?.querySelector('#title') &&
              shown(e.invoice as View | null, !!e.error) &&
              (!img || img.complete)
            );
          },
          check,
          { timeout: 20_000 },
        );
        if (state.offline) await post('offline', { offline: false });
        const file = new URL(`${name}-${variant}-${device}.png`, outDir);
        await page.screenshot({ path: file.pathname, animations: 'disabled' });
        console.log(`screenshots/${name}-${variant}-${device}.png`);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  await harness.close();
}
