// Browser tests in the system Chromium, against the real server adapter and the BitPay sandbox
// (test/harness/server.ts), which this dev server proxies under /bitpay and /harness. Run through
// `node --conditions=@bitpay-checkout/source --import tsx` (see package.json) so the other
// workspace packages load from their TypeScript source.
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { startHarness } from './test/harness/server.ts';

const harness = await startHarness();
const touchSessions = new WeakMap();
const root = fileURLToPath(new URL('.', import.meta.url));

/** Streams /bitpay and /harness to the harness, untouched (SSE included). */
function proxy(ctx, next) {
  if (!/^\/(bitpay|harness)(\/|$)/.test(ctx.path)) return next();
  ctx.respond = false;
  return new Promise((resolve) => {
    const upstream = request(`${harness.url}${ctx.url}`, { method: ctx.method, headers: ctx.req.headers }, (res) => {
      ctx.res.writeHead(res.statusCode ?? 502, res.headers);
      res.pipe(ctx.res);
      res.on('close', () => {
        // The harness dropped the connection (e.g. a restarted stream): drop the browser's too.
        if (!res.complete) ctx.res.destroy();
        resolve();
      });
    });
    upstream.on('error', () => {
      ctx.res.destroy();
      resolve();
    });
    ctx.res.on('close', () => upstream.destroy());
    ctx.req.pipe(upstream);
  });
}

/** Locale modules are imported by a URL built at run time (`…/de.js`): serve the TypeScript source. */
function jsToTs(ctx, next) {
  if (ctx.path.startsWith('/src/') && ctx.path.endsWith('.js')) {
    const ts = ctx.path.replace(/\.js$/, '.ts');
    if (!existsSync(`${root}${ctx.path}`) && existsSync(`${root}${ts}`)) ctx.url = ts;
  }
  return next();
}

export default {
  rootDir: root,
  files: ['src/**/*.browser.test.ts'],
  // Workspace packages (the contract) from their TypeScript source, as in Node.
  nodeResolve: { exportConditions: ['@bitpay-checkout/source'] },
  concurrency: 1,
  testsFinishTimeout: 600_000,
  browserStartTimeout: 120_000,
  testFramework: { config: { timeout: 30_000 } },
  middleware: [proxy, jsToTs],
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
    }),
    { name: 'harness', serverStop: () => harness.close() },
    {
      // `executeServerCommand('emulate-device', { width, height, touch })`: a phone's viewport with a
      // coarse pointer (touch emulation), or back to a desktop. Chromium only (DevTools protocol).
      name: 'emulate-device',
      async executeCommand({ command, payload, session }) {
        if (command !== 'emulate-device') return undefined;
        const page = session.browser.getPage?.(session.id);
        if (!page?.createCDPSession) return false;
        // Straight to the protocol: puppeteer's setViewport reloads the page when touch changes.
        // The session stays open: emulation ends when the session that set it detaches.
        let cdp = touchSessions.get(page);
        if (!cdp) {
          cdp = await page.createCDPSession();
          touchSessions.set(page, cdp);
        }
        await page.setViewport({ width: payload.width, height: payload.height });
        await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: !!payload.touch, maxTouchPoints: 5 });
        return true;
      },
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
      async createPage({ browser }) {
        // The copy buttons write to the clipboard and the tests read it back: allow both, on any origin.
        const cdp = await browser.target().createCDPSession();
        await cdp.send('Browser.grantPermissions', { permissions: ['clipboardReadWrite', 'clipboardSanitizedWrite'] });
        return browser.newPage();
      },
    }),
  ],
};
