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
import { FIREFOX_SYSTEM_ACCESS_ARG, findFirefox, setFirefoxPrefs } from '../../scripts/firefox.mjs';
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
    await grantClipboard(browser);
    return browser.newPage();
  },
});

/**
 * A browser-wide DevTools session for permissions. It stays open: the overrides it sets end when it detaches.
 */
const permissionSessions = new WeakMap();
async function permissions(browser) {
  let cdp = permissionSessions.get(browser);
  if (!cdp) {
    cdp = await browser.target().createCDPSession();
    permissionSessions.set(browser, cdp);
  }
  return cdp;
}

/** The copy buttons write to the clipboard and the tests read it back: allow both, on any origin. */
async function grantClipboard(browser) {
  const cdp = await permissions(browser);
  await cdp.send('Browser.grantPermissions', { permissions: ['clipboardReadWrite', 'clipboardSanitizedWrite'] });
}

/**
 * Firefox emulates media features through its own prefs (see setFirefoxPrefs), then waits until the
 * test page sees them: the prefs reach the page's content process asynchronously. They are
 * browser-wide, which is fine with one test page at a time (concurrency 1).
 */
async function firefoxMedia(page, prefs, query) {
  await setFirefoxPrefs(page, prefs);
  if (query) await page.waitForFunction((q) => matchMedia(q).matches, { timeout: 5_000 }, query);
}

// prefers-color-scheme in pages: 0 dark, 1 light (null: back to the default, follow the system).
const CONTENT_COLOR_SCHEME = { dark: 0, light: 1 };

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
      // setFirefoxPrefs() emulates a touch screen and a dark system at run time (no BiDi command for either).
      args: [FIREFOX_SYSTEM_ACCESS_ARG],
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
    async createPage({ context }) {
      const page = await context.newPage();
      // The runner's emulateMedia command calls puppeteer's emulateMediaFeatures, which needs the DevTools
      // protocol: in Firefox prefers-color-scheme comes from its pref instead; other features as before.
      const emulateMediaFeatures = page.emulateMediaFeatures.bind(page);
      // As in Chromium, a feature not given goes back to the default.
      page.emulateMediaFeatures = async (features = []) => {
        const scheme = features.find((f) => f.name === 'prefers-color-scheme')?.value;
        const value = CONTENT_COLOR_SCHEME[scheme] ?? null;
        const query = value === null ? undefined : `(prefers-color-scheme: ${scheme})`;
        await firefoxMedia(page, { 'layout.css.prefers-color-scheme.content-override': value }, query);
        const rest = features.filter((f) => f.name !== 'prefers-color-scheme');
        if (rest.length > 0) await emulateMediaFeatures(rest);
      };
      return page;
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
      // `executeServerCommand('clipboard', { allowed })`: with allowed false the page's clipboard writes are
      // refused for real, as for a shopper whose browser denies them; true restores what the config allows.
      // Firefox: off goes its testing pref that lets script-made clicks write (without it a write needs user
      // activation). Chromium: the clipboard-write permission, denied, then granted again as in createPage.
      name: 'clipboard',
      async executeCommand({ command, payload, session }) {
        if (command !== 'clipboard') return undefined;
        const page = session.browser.getPage?.(session.id);
        if (!page) return false;
        const allowed = !!payload?.allowed;
        if (session.browser.name === 'Firefox') {
          await setFirefoxPrefs(page, { 'dom.events.testing.asyncClipboard': allowed });
          return true;
        }
        if (allowed) {
          await grantClipboard(page.browser());
          return true;
        }
        const cdp = await permissions(page.browser());
        // Both kinds of write: with only the sanitized one denied, createPage's clipboardReadWrite still lets writeText through.
        for (const permission of [
          { name: 'clipboard-write' },
          { name: 'clipboard-write', allowWithoutSanitization: true },
        ]) {
          await cdp.send('Browser.setPermission', { permission, setting: 'denied' });
        }
        return true;
      },
    },
    {
      // `executeServerCommand('emulate-device', { width, height, touch })`: a phone's viewport with a
      // coarse pointer (touch emulation), or back to a desktop: DevTools protocol in Chromium, BiDi and
      // prefs in Firefox.
      name: 'emulate-device',
      async executeCommand({ command, payload, session }) {
        if (command !== 'emulate-device') return undefined;
        const page = session.browser.getPage?.(session.id);
        if (!page) return false;
        if (session.browser.name === 'Firefox') {
          // Viewport over WebDriver BiDi. Touch from Firefox's pointer prefs (bit flags: 1 coarse,
          // 2 fine, 4 hover; a phone is coarse only) and, as on a phone, scrollbars that take no room:
          // Firefox ESR has no BiDi emulation.setTouchOverride, and puppeteer's setViewport({ hasTouch })
          // would reload the page, ending the test run. Back on a desktop the prefs return to the defaults.
          await page.setViewport({ width: payload.width, height: payload.height });
          const pointer = payload.touch ? 1 : null;
          const prefs = {
            'ui.primaryPointerCapabilities': pointer,
            'ui.allPointerCapabilities': pointer,
            'ui.useOverlayScrollbars': payload.touch ? 1 : null,
          };
          await firefoxMedia(page, prefs, payload.touch ? '(pointer: coarse)' : 'not all and (pointer: coarse)');
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
