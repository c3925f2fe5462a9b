// How the script-tag bundle is built; shared by the build (build-bundle.mjs) and the size bench (size.mjs).
import { readdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  // The bundle, and each locale as its own file under checkout/ (the adapter serves that folder);
  // the bundle imports them by a URL computed at run time, so none is inlined.
  entryPoints: {
    checkout: 'src/bundle.ts',
    ...Object.fromEntries(locales.map((l) => [`checkout/${l}`, `src/i18n/locales/${l}.ts`])),
  },
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

/** Builds in memory: esbuild bundles and minifies, then terser. Returns `{path relative to dist/bundle: contents}`. */
export async function buildBundle(overrides = {}) {
  const result = await build({ ...bundleOptions, ...overrides });
  const files = {};
  for (const file of result.outputFiles) {
    let text = file.text;
    if (file.path.endsWith('.js')) {
      text = (await minify(text, terserOptions)).code;
    }
    files[relative(outdir, file.path)] = text;
  }
  return files;
}

/** Replaces dist/bundle with `files`. */
export async function writeBundle(files) {
  await rm(outdir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    const path = join(outdir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
}
