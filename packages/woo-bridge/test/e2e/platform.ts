import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** Where the two platforms come from: bare git snapshots (with tags) or extracted trees. */
export interface PlatformSource {
  wcDir: string;
  wpDir: string;
  describe: string;
}

/** What is missing to run, or the trees (extracted once per tag into a cache outside the repository). */
export function platformFromEnv(env: NodeJS.ProcessEnv): PlatformSource | { missing: string } {
  const wcTag = env.WC_TAG || '10.0.2';
  const wpTag = env.WP_TAG || '6.8.3';
  const cache = env.WOO_E2E_CACHE || join(tmpdir(), 'bitpay-checkout-woo-e2e-cache');
  let wcDir = env.WC_DIR;
  let wpDir = env.WP_DIR;
  if (!wcDir && !env.WC_GIT) return { missing: 'WC_GIT (a bare git snapshot of WP-a2z/woocommerce) or WC_DIR' };
  if (!wpDir && !env.WP_GIT) return { missing: 'WP_GIT (a bare git snapshot of johnpbloch/wordpress-core) or WP_DIR' };
  wcDir ??= extract(env.WC_GIT!, wcTag, join(cache, `woocommerce-${wcTag}`));
  wpDir ??= extract(env.WP_GIT!, wpTag, join(cache, `wordpress-${wpTag}`));
  for (const [name, dir, file] of [
    ['WooCommerce', wcDir, 'woocommerce.php'],
    ['WordPress', wpDir, 'wp-settings.php'],
  ] as const) {
    if (!existsSync(join(dir, file))) return { missing: `${name} tree at ${dir} (no ${file})` };
  }
  fixLetterCase(wcDir);
  return {
    wcDir,
    wpDir,
    describe: `WooCommerce ${env.WC_DIR ? wcDir : wcTag}, WordPress ${env.WP_DIR ? wpDir : wpTag}`,
  };
}

/** `git archive TAG | tar -x`, once: a finished extraction is renamed into place. */
function extract(gitDir: string, tag: string, dest: string): string {
  if (existsSync(join(dest, '.complete'))) return dest;
  const partial = `${dest}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  console.log(`  extracting ${tag} from ${gitDir} …`);
  execFileSync('sh', ['-c', `git --git-dir="$0" archive "$1" | tar -x -C "$2"`, gitDir, tag, partial], {
    stdio: ['ignore', 'ignore', 'inherit'],
    maxBuffer: 1 << 30,
  });
  execFileSync('touch', [join(partial, '.complete')]);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dirname(dest), { recursive: true });
  renameSync(partial, dest);
  return dest;
}

/**
 * The WP-a2z mirror stores some files under another letter case than the autoloader's class map names them
 * (src/Caching/WPCacheEngine.php as WpCacheEngine.php): Linux is case-sensitive, so link the expected name.
 */
function fixLetterCase(wcDir: string): void {
  const maps = join(wcDir, 'vendor', 'composer');
  if (!existsSync(maps)) return;
  for (const f of readdirSync(maps).filter((n) => /classmap.*\.php$/.test(n))) {
    const text = readFileSync(join(maps, f), 'utf8');
    for (const m of text.matchAll(/\$baseDir\s*\.\s*'([^']+\.php)'/g)) {
      const want = join(wcDir, m[1]!);
      if (existsSync(want)) continue;
      const dir = dirname(want);
      if (!existsSync(dir)) continue;
      const actual = readdirSync(dir).find((n) => n.toLowerCase() === want.slice(dir.length + 1).toLowerCase());
      if (actual) {
        symlinkSync(actual, want);
        console.log(`  linked ${relative(wcDir, want)} → ${actual} (letter case in the snapshot)`);
      }
    }
  }
}
