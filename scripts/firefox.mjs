// Finds a Firefox for the element's browser tests, the way chromium.mjs finds Chromium. On Debian as
// root it installs the distribution's "firefox-esr"; when there is none and none can be installed it
// returns undefined and says why in one line, so the suites still run in Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'];

function found() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`FIREFOX_PATH=${fromEnv} does not exist`);
  }
  return CANDIDATES.find((p) => existsSync(p));
}

/** The Firefox binary, or undefined (with the reason printed) when there is none. */
export function findFirefox({ install = true } = {}) {
  const path = found();
  if (path) return path;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (install && isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('[firefox] not found; installing Debian package "firefox-esr" (one-time, about a minute)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (args) => execFileSync('apt-get', args, { stdio: 'inherit', env });
    try {
      try {
        apt(['install', '-y', '--no-install-recommends', 'firefox-esr']);
      } catch {
        apt(['update']);
        apt(['install', '-y', '--no-install-recommends', 'firefox-esr']);
      }
    } catch {
      // Reported below, with what to do.
    }
    const after = found();
    if (after) return after;
  }
  console.log(
    '[firefox] skipped: no Firefox found (Debian: apt-get install firefox-esr, or set FIREFOX_PATH to its binary).',
  );
  return undefined;
}

/** Start Firefox with this to let setFirefoxPrefs() run: it opens the browser's parent process to the automation client. */
export const FIREFOX_SYSTEM_ACCESS_ARG = '--remote-allow-system-access';

/**
 * Sets prefs of a running Firefox (null clears one back to its default), the way Mozilla's own harnesses do
 * (Marionette's chrome context): a script in the browser's parent process, over the page's WebDriver
 * BiDi session (puppeteer-core). WebDriver BiDi has no command for some emulation (touch in ESR,
 * prefers-color-scheme), but Firefox reads those media features from prefs and re-evaluates them in
 * open pages when the prefs change. Prefs are browser-wide, not per page.
 */
export async function setFirefoxPrefs(page, prefs) {
  const { session } = page.mainFrame().browsingContext.userContext.browser;
  const { result: tree } = await session.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
  const context = tree.contexts[0]?.context;
  if (!context) throw new Error('Firefox: no browser window to set prefs from');
  const set = (values) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === null) Services.prefs.clearUserPref(name);
      else if (typeof value === 'boolean') Services.prefs.setBoolPref(name, value);
      else if (typeof value === 'number') Services.prefs.setIntPref(name, value);
      else Services.prefs.setStringPref(name, String(value));
    }
  };
  const { result } = await session.send('script.evaluate', {
    expression: `(${set})(${JSON.stringify(prefs)})`,
    target: { context },
    awaitPromise: false,
  });
  if (result.type === 'exception') {
    throw new Error(`Firefox: setting prefs ${Object.keys(prefs)} failed: ${result.exceptionDetails.text}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(findFirefox() ?? '');
