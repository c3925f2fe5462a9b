import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, Router } from 'express';
import { AdapterError } from '../errors/errors.js';

const BUNDLE_SPECIFIER = '@bitpay-checkout/checkout-element/bundle';

/**
 * Folder of the element's script-tag bundle. `import.meta.resolve` does not check that the file exists,
 * so a missing build is reported when served, not at start-up; require.resolve is the fallback where
 * import.meta.resolve is unavailable.
 */
export function resolveBundleDir(): string | null {
  try {
    const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
    if (typeof resolve === 'function') return dirname(fileURLToPath(resolve(BUNDLE_SPECIFIER)));
  } catch {
    // fall through
  }
  try {
    return dirname(createRequire(import.meta.url).resolve(BUNDLE_SPECIFIER));
  } catch {
    return null;
  }
}

const CACHE = 'public, max-age=300, stale-while-revalidate=86400';

/** GET /checkout.js and its lazily loaded chunks under /checkout/…, from the element package's build. */
export function bundleRouter(dir: string | null): Router {
  const router = Router();
  const file = dir === null ? null : join(dir, 'checkout.js');
  const missing = () =>
    new AdapterError(
      'BUNDLE_MISSING',
      'The checkout element bundle is not built: run `pnpm --filter @bitpay-checkout/checkout-element build`.',
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
