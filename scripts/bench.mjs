#!/usr/bin/env node
// `pnpm bench`: every package's benchmarks, one after another (they share two cores).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

// pnpm is reached through npm_execpath (it may come from npx).
const pnpm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['pnpm', []];
const dirs = [
  'packages/bitpay-client',
  'packages/bitpay-sandbox',
  'packages/server-adapter',
  'packages/checkout-element',
];
for (const dir of dirs) {
  const pkg = `${dir}/package.json`;
  if (!existsSync(pkg) || !JSON.parse(readFileSync(pkg, 'utf8')).scripts?.bench) continue;
  console.log(`\n▶ bench ${dir}`);
  const r = spawnSync(pnpm[0], [...pnpm[1], '--dir', dir, 'run', 'bench'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
