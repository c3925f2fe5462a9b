#!/usr/bin/env node
// Writes plugin/languages/bitpay-checkout-for-woocommerce.pot from the plugin's gettext calls (PHP and the
// block checkout script); `--check` fails instead when the committed file is out of date.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOMAIN = 'bitpay-checkout-for-woocommerce';
const root = fileURLToPath(new URL('../plugin/', import.meta.url));
const potFile = join(root, 'languages', `${DOMAIN}.pot`);

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(php|js)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const CALL = new RegExp(
  String.raw`\b(?:__|_e|esc_html__|esc_html_e|esc_attr__|esc_attr_e)\(\s*'((?:[^'\\]|\\.)*)'\s*,\s*'${DOMAIN}'\s*\)`,
  'g',
);
const TRANSLATORS = /\/\*\s*translators:\s*(.*?)\s*\*\//g;

function potString(s) {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function buildPot() {
  const entries = new Map();
  for (const file of files(root).sort()) {
    const text = readFileSync(file, 'utf8');
    const comments = [...text.matchAll(TRANSLATORS)].map((m) => ({ at: m.index, text: m[1] }));
    for (const m of text.matchAll(CALL)) {
      const msgid = m[1].replace(/\\(['\\])/g, '$1');
      const line = text.slice(0, m.index).split('\n').length;
      const ref = `${relative(root, file)}:${line}`;
      // A translators comment counts when it sits on the lines just before the call.
      const before = comments.filter((c) => c.at < m.index && text.slice(c.at, m.index).split('\n').length <= 3);
      const entry = entries.get(msgid) ?? { refs: [], notes: new Set() };
      entry.refs.push(ref);
      for (const c of before) entry.notes.add(c.text);
      entries.set(msgid, entry);
    }
  }
  const header = [
    '# Copyright (C) bitpay-checkout',
    '# This file is distributed under the MIT license.',
    'msgid ""',
    'msgstr ""',
    '"Project-Id-Version: BitPay Checkout for WooCommerce 0.1.0\\n"',
    '"MIME-Version: 1.0\\n"',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Content-Transfer-Encoding: 8bit\\n"',
    `"X-Domain: ${DOMAIN}\\n"`,
    '',
  ];
  const body = [...entries].flatMap(([msgid, { refs, notes }]) => [
    ...[...notes].map((n) => `#. translators: ${n}`),
    `#: ${refs.join(' ')}`,
    ...(/%\d?\$?[sd]/.test(msgid) ? ['#, php-format'] : []),
    `msgid ${potString(msgid)}`,
    'msgstr ""',
    '',
  ]);
  return `${[...header, ...body].join('\n')}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const pot = buildPot();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(potFile, 'utf8');
    } catch {}
    if (current !== pot) {
      console.error(`${relative(process.cwd(), potFile)} is out of date: run node scripts/make-pot.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(potFile, pot);
    console.log(`wrote ${relative(process.cwd(), potFile)}`);
  }
}
