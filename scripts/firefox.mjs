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

if (import.meta.url === `file://${process.argv[1]}`) console.log(findFirefox() ?? '');
