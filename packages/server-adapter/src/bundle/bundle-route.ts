import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import express, { type RequestHandler, Router } from 'express';
import { AdapterError } from '../errors/errors.js';

const BUNDLE_SPECIFIER = '@bitpay-checkout/checkout-element/bundle';

/**
 * Where to look for the element package: beside the adapter (npm's flat install), then from the
 * application's entry script and working directory (pnpm's isolated layout, where the adapter's own
 * folder holds only its dependencies). The adapter never depends on the element at build time.
 */
export function defaultBundleBases(): string[] {
  const bases = [import.meta.url];
  if (process.argv[1]) bases.push(pathToFileURL(resolve(process.argv[1])).href);
  bases.push(pathToFileURL(join(process.cwd(), 'package.json')).href);
  return bases;
}

/**
 * Folder of the element's script-tag bundle, or null when `@bitpay-checkout/checkout-element` is not
 * installed. Resolving does not check that the file exists: a missing build is reported when served.
 */
export function resolveBundleDir(bases: readonly string[] = defaultBundleBases()): string | null {
  for (const base of bases) {
    try {
      return dirname(createRequire(base).resolve(BUNDLE_SPECIFIER));
    } catch {
      // not installed from there: try the next place
    }
  }
  return null;
}

const CACHE = 'public, max-age=300, stale-while-revalidate=86400';

/** GET /checkout.js and its lazily loaded chunks under /checkout/…, from the element package's build. */
export function bundleRouter(dir: string | null): Router {
  const router = Router();
  const file = dir === null ? null : join(dir, 'checkout.js');
  const missing = () =>
    new AdapterError(
      'BUNDLE_MISSING',
      dir === null
        ? 'The checkout element is not installed: install @bitpay-checkout/checkout-element beside the adapter (npm install @bitpay-checkout/checkout-element), or set the bundleDir option.'
        : 'The checkout element bundle is not built: run `pnpm --filter @bitpay-checkout/checkout-element build`.',
    );
  const serveMain: RequestHandler = function serveCheckoutBundle(_req, res, next) {
    if (file === null || !existsSync(file)) return next(missing());
    res.sendFile(
      file,
      { headers: { 'Cache-Control': CACHE, 'Content-Type': 'text/javascript; charset=utf-8' } },
      (err) => {
        if (err) next(missing());
      },
    );
  };
  router.get('/checkout.js', serveMain);
  if (dir !== null) {
    const options = {
      index: false,
      fallthrough: true,
      dotfiles: 'ignore' as const,
      setHeaders: (res: express.Response) => res.set('Cache-Control', CACHE),
    };
    router.use('/checkout', express.static(join(dir, 'checkout'), options));
  }
  return router;
}
