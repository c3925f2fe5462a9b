// Browser tests in the system Chromium and Firefox (BROWSERS=chromium or BROWSERS=firefox runs one), against the real server adapter and the BitPay sandbox
// (test/harness/server.ts), which this dev server proxies under /bitpay and /harness. Run through
// `node --conditions=@bitpay-checkout/source --import tsx` (see package.json) so the other
// workspace packages load from their TypeScript source.
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import * as puppeteerCore from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { findFirefox } from '../../scripts/firefox.mjs';
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

const chromium = chromeLauncher({
  launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
  async createPage({ browser }) {
    // The copy buttons write to the clipboard and the tests read it back: allow both, on any origin.
    const cdp = await browser.target().createCDPSession();
    await cdp.send('Browser.grantPermissions', { permissions: ['clipboardReadWrite', 'clipboardSanitizedWrite'] });
    return browser.newPage();
  },
});

/** Firefox over WebDriver BiDi (puppeteer-core), or undefined when there is no Firefox. */
function firefox() {
  const executablePath = findFirefox();
  if (!executablePath) return undefined;
  return chromeLauncher({
    puppeteer: puppeteerCore,
    launchOptions: {
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath,
      extraPrefsFirefox: {
        // The copy tests read the clipboard back: Firefox's readText without its paste prompt, and
        // clipboard calls without a real user gesture (the tests click from script).
        'dom.events.asyncClipboard.readText': true,
        'dom.events.testing.asyncClipboard': true,
        // Closed network: no update checks, telemetry or remote settings.
        'app.update.enabled': false,
        'network.captive-portal-service.enabled': false,
        'network.connectivity-service.enabled': false,
      },
    },
  });
}

const wanted = (process.env.BROWSERS ?? 'chromium,firefox').split(',').map((b) => b.trim().toLowerCase());
const browsers = [];
if (wanted.includes('chromium')) browsers.push(chromium);
if (wanted.includes('firefox')) {
  const launcher = firefox();
  if (launcher) browsers.push(launcher);
}

export default {
  rootDir: root,
  files: ['src/**/*.browser.test.ts'],
  // Workspace packages (the contract) from their TypeScript source, as in Node.
  nodeResolve: { exportConditions: ['@bitpay-checkout/source'] },
  concurrency: 1,
  // One browser at a time: the suites share one harness (sandbox clock, stream drops, offline switch).
  concurrentBrowsers: 1,
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
      // coarse pointer (touch emulation), or back to a desktop: DevTools protocol in Chromium, BiDi in Firefox.
      name: 'emulate-device',
      async executeCommand({ command, payload, session }) {
        if (command !== 'emulate-device') return undefined;
        const page = session.browser.getPage?.(session.id);
        if (!page) return false;
        if (session.browser.name === 'Firefox') {
          // WebDriver BiDi. Straight to emulation.setTouchOverride on the page's browsing context:
          // puppeteer's setViewport({ hasTouch }) reloads the page, which would end the test run.
          // Firefox ESR does not have that command yet: the touch tests then skip themselves.
          await page.setViewport({ width: payload.width, height: payload.height });
          try {
            await page.mainFrame().browsingContext.setTouchOverride(payload.touch ? 5 : null);
          } catch (err) {
            if (!String(err?.message).includes('unknown command')) throw err;
            return payload.touch ? 'no-touch-emulation' : true;
          }
          return true;
        }
        if (!page.createCDPSession) return false;
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
  browsers,
};
