#!/usr/bin/env node
// Runs the built CLI; in a checkout without a build, runs the TypeScript source through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  // tsx's programmatic ESM hook (the `--loader` style `register('tsx/esm')` is refused by current tsx).
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
