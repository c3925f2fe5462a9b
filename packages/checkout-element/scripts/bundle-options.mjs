// How the script-tag bundle is built; shared by the build (build-bundle.mjs) and the size bench (size.mjs).
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { minify } from 'terser';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const outdir = join(root, 'dist/bundle');

/** The locales: one module each under src/i18n/locales/. */
export const locales = readdirSync(join(root, 'src/i18n/locales'))
  .filter((f) => f.endsWith('.ts') && !f.includes('.test.'))
  .map((f) => f.slice(0, -3));

/** @type {import('esbuild').BuildOptions} */
export const bundleOptions = {
  absWorkingDir: root,
  // The bundle; the locales are built apart (localeOptions) and imported by a URL computed at run
  // time, so none is inlined but English, which bundle-locale-base.ts imports.
  entryPoints: { checkout: 'src/bundle.ts' },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  // The source condition is for tests; the bundle is built from the same source either way.
  conditions: ['@bitpay-checkout/source'],
  // Licence texts go to a file beside the bundle instead of into every download.
  legalComments: 'external',
  logLevel: 'warning',
  write: false,
};

/** Each locale as its own module under checkout/ (the adapter serves that folder). */
export const localeOptions = {
  ...bundleOptions,
  entryPoints: Object.fromEntries(locales.map((l) => [`checkout/${l}`, `src/i18n/locales/${l}.ts`])),
};

/**
 * terser, after esbuild: about 2% smaller after gzip. keep_fargs: false drops unused trailing
 * parameters, safe because neither Lit nor the element reads a function's `length`. unsafe_arrows
 * turns `function` expressions that do not use `this` into arrows: all of them are helpers terser
 * inlined where they are called once, none is called with `new` or reads `arguments`. Properties
 * named `_x` are the element's internal reactive state (`_invoice`, `_error`, …), read nowhere
 * outside the bundle, so their names are mangled too (Lit's own internals are `_$x`, left alone).
 * More passes, pure_getters and the other unsafe_* options were measured and gain next to nothing.
 * @type {import('terser').MinifyOptions}
 */
const terserOptions = {
  module: true,
  ecma: 2022,
  compress: { passes: 2, keep_fargs: false, unsafe_arrows: true },
  mangle: { properties: { regex: /^_[a-z]/ } },
  format: { comments: false },
};

/**
 * bitpay.js, the drop-in for BitPay's modal script: a classic script (pages load it without
 * type="module" and call window.bitpay from inline code at once), which loads checkout.js beside it.
 * @type {import('esbuild').BuildOptions}
 */
export const classicOptions = {
  ...bundleOptions,
  entryPoints: { bitpay: 'src/modal/bitpay-classic.ts' },
  format: 'iife',
};

/**
 * Builds in memory: esbuild bundles and minifies, then terser. Locale modules go to a folder named by a
 * hash of all of them (`checkout/1a2b3c4d/de.js`, cached for good; one name in the bundle instead of
 * fifty), which the bundle, keeping its stable name, is told. Returns `{path relative to dist/bundle: contents}`.
 */
export async function buildBundle(overrides = {}) {
  const built = Object.entries(await buildWith(localeOptions, terserOptions)).filter(([name]) => name.endsWith('.js'));
  const hash = createHash('sha256');
  for (const [name, text] of built.sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${name}\0${text}\0`);
  const localeHash = hash.digest('hex').slice(0, 8);
  const files = {};
  for (const [name, text] of built) {
    files[`checkout/${localeHash}/${name.slice('checkout/'.length)}`] = text;
    // The plain name stays for pages that import the element and point setLocaleBase at the adapter's folder.
    files[name] = text;
  }
  const define = { __BITPAY_LOCALE_HASH__: JSON.stringify(localeHash) };
  Object.assign(files, await buildWith({ ...bundleOptions, define, ...overrides }, terserOptions));
  if (overrides.entryPoints) return files;
  return { ...files, ...(await buildWith(classicOptions, { ...terserOptions, module: false })) };
}

/** The locale module file of `locale` in a build's files (`checkout/1a2b3c4d/de.js`). */
export function localeFile(files, locale) {
  return Object.keys(files).find((name) => new RegExp(`^checkout/[0-9a-f]{8}/${locale}\\.js$`).test(name));
}

/** What goes on the wire: the smallest encoding a browser takes (brotli, else gzip), as the adapter serves it. */
export const gzip = (text) => gzipSync(text, { level: 9 });
export const brotli = (text) =>
  brotliCompressSync(text, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text) },
  });

async function buildWith(options, terser) {
  const result = await build(options);
  const files = {};
  for (const file of result.outputFiles) {
    let text = file.text;
    if (file.path.endsWith('.js')) {
      text = (await minify(text, terser)).code;
    }
    files[relative(outdir, file.path)] = text;
  }
  return files;
}

/** Replaces dist/bundle with `files`, and a brotli and a gzip copy beside each script (the adapter picks one). */
export async function writeBundle(files) {
  await rm(outdir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    const path = join(outdir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    if (name.endsWith('.js')) {
      await writeFile(`${path}.br`, brotli(text));
      await writeFile(`${path}.gz`, gzip(text));
    }
  }
}
