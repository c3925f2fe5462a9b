#!/usr/bin/env node
// `pnpm test`: every check, in order of speed. Fails fast; each step says what it runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

function run(label, cmd, args, env = process.env) {
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`✖ ${label} failed`);
    process.exit(r.status ?? 1);
  }
}

for (const [label, cmd, args] of steps) run(label, cmd, args);
if (browserSuites.length) {
  const chromium = findChromium();
  const env = { ...process.env, CHROMIUM_PATH: chromium };
  for (const dir of browserSuites)
    run(`browser tests (${dir})`, pnpm[0], [...pnpm[1], '--dir', dir, '--if-present', 'run', 'test:browser'], env);
}
// Last, the slowest: a merchant outside the repository installs the packed packages and takes a payment.
run('packed install', process.execPath, ['scripts/packed-install.mjs']);
console.log('\n✔ all checks passed');
