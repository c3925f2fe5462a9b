#!/usr/bin/env node
// Runs a TypeScript entry point straight from source (no build step): tsx, with workspace
// packages resolved to their src/ through the "@bitpay-checkout/source" export condition.
import { spawn } from 'node:child_process';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <entry.ts> [args…]');
  process.exit(2);
}
const tsxLoader = import.meta.resolve('tsx');
const child = spawn(process.execPath, ['--conditions=@bitpay-checkout/source', '--import', tsxLoader, entry, ...args], {
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
