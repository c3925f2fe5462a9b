#!/usr/bin/env node
// `pnpm test`: every check, in order of speed. Fails fast; each step says what it runs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

// `pnpm run` puts node_modules/.bin on PATH; pnpm itself is reached through npm_execpath (it may come from npx).
const pnpm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['pnpm', []];
const steps = [
  ['typecheck', 'tsc', ['-p', 'tsconfig.json']],
  ['lint', 'biome', ['check', '.']],
  ['node tests', 'vitest', ['run']],
];
// Browser suites of packages that have them (each package's "test:browser" script).
const browserSuites = ['packages/checkout-element', 'examples/express-store'].filter((dir) =>
  existsSync(`${dir}/package.json`),
);

/** The WooCommerce plugin: `php -l` on every PHP file, then its PHPUnit tests; skipped, saying why, without PHP. */
function phpChecks() {
  const dir = 'packages/woo-bridge';
  if (!existsSync(`${dir}/plugin`)) return;
  const has = (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
  if (!has('php')) return console.log('\n▶ PHP checks: skipped, no php on PATH (install php-cli)');
  const files = readdirSync(`${dir}/plugin`, { recursive: true })
    .filter((f) => String(f).endsWith('.php'))
    .map((f) => `${dir}/plugin/${f}`);
  console.log(`\n▶ php -l: ${files.length} plugin files`);
  for (const f of files) {
    const r = spawnSync('php', ['-l', f], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.error(r.stdout + r.stderr);
      console.error('✖ php -l failed');
      process.exit(1);
    }
  }
  if (!has('phpunit')) return console.log('▶ PHPUnit: skipped, no phpunit on PATH (install phpunit)');
  run('PHPUnit (plugin)', 'phpunit', ['-c', `${dir}/test/php/phpunit.xml`]);
}

function run(label, cmd, args, env = process.env) {
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`✖ ${label} failed`);
    process.exit(r.status ?? 1);
  }
}

for (const [label, cmd, args] of steps) run(label, cmd, args);
phpChecks();
if (browserSuites.length) {
  const chromium = findChromium();
  const env = { ...process.env, CHROMIUM_PATH: chromium };
  for (const dir of browserSuites)
    run(`browser tests (${dir})`, pnpm[0], [...pnpm[1], '--dir', dir, '--if-present', 'run', 'test:browser'], env);
}
// Last, the slowest: a merchant outside the repository installs the packed packages and takes a payment.
run('packed install', process.execPath, ['scripts/packed-install.mjs']);
console.log('\n✔ all checks passed');
