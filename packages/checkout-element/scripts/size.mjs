#!/usr/bin/env node
// `pnpm bench`: size of the script-tag bundle (min and min+gzip), its locale modules, and what
// drawing QR codes in the browser with `qrcode` would add. Fails when the bundle exceeds its budget.
import { gzipSync } from 'node:zlib';
import { buildBundle } from './bundle-options.mjs';

/**
 * 12.5 kB (1 kB = 1000 bytes) min+gzip for checkout.js, locales excluded: stock LitElement measured
 * 12,333 bytes, the budget leaves room for small fixes, not for a feature.
 */
export const BUDGET = 12_500;

const gz = (text) => gzipSync(text, { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(2)} kB`;
const row = (label, text) =>
  console.log(`${label.padEnd(44)} ${kb(text.length).padStart(9)} ${kb(gz(text)).padStart(9)}`);

const files = await buildBundle();
const main = files['checkout.js'];
const locales = Object.entries(files)
  .filter(([name]) => name.startsWith('checkout/') && name.endsWith('.js'))
  .map(([name, text]) => ({ name: name.slice('checkout/'.length, -3), text, gz: gz(text) }))
  .sort((a, b) => a.gz - b.gz);

const withQr = await buildBundle({ entryPoints: { checkout: 'bench/with-qrcode.ts' } });
const qrMain = withQr['checkout.js'];

console.log(`${'file'.padEnd(44)} ${'min'.padStart(9)} ${'min+gz'.padStart(9)}`);
row('checkout.js (script-tag bundle, Lit included)', main);
row('checkout/en.js (English strings)', files['checkout/en.js']);
const small = locales[0];
const large = locales.at(-1);
row(`smallest locale (${small.name})`, small.text);
row(`largest locale (${large.name})`, large.text);
console.log(
  `${`${locales.length} locale modules, each loaded only when shown`.padEnd(44)} ${''.padStart(9)} ${kb(locales.reduce((n, l) => n + l.gz, 0)).padStart(9)} total`,
);
row('variant: checkout.js + qrcode in the browser', qrMain);
console.log(
  `qrcode would add ${kb(gz(qrMain) - gz(main))} min+gz; the adapter serves QR codes as cacheable SVG instead.`,
);
console.log(`budget: ${gz(main)} of ${BUDGET} bytes min+gz (${BUDGET - gz(main)} to spare)`);
if (gz(main) > BUDGET) {
  console.error(`✖ checkout.js is ${gz(main) - BUDGET} bytes over its budget`);
  process.exit(1);
}
