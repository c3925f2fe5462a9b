#!/usr/bin/env node
// Runs the built CLI; in a checkout without a build, runs the TypeScript source through tsx with the
// workspace's source condition (so sibling packages resolve to their src/ too).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (existsSync(built)) {
  process.env.BITPAY_CHECKOUT_WOO_CLI = '1';
  await import(pathToFileURL(built).href);
} else {
  const source = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
  const r = spawnSync(
    process.execPath,
    ['--conditions=@bitpay-checkout/source', '--import', import.meta.resolve('tsx'), source, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, BITPAY_CHECKOUT_WOO_CLI: '1' } },
  );
  process.exitCode = r.status ?? 1;
}
