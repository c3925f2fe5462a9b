import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type express from 'express';
import { type RequestHandler, Router } from 'express';
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

/** Stable URLs (checkout.js, bitpay.js): short, revalidated with the ETag. */
const CACHE = 'public, max-age=300, stale-while-revalidate=86400';
/** Chunks in a content-hashed folder (`checkout/1a2b3c4d/de.js`): a new build has new URLs, so they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const HASHED = /^checkout\/[0-9a-f]{8}\//;
const CHUNK = /^[A-Za-z0-9_-]+\.js$/;
const HASH = /^[0-9a-f]{8}$/;

/** The precompressed encodings the element's build writes beside each file, best first. */
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;

/** Encodings the request accepts (`Accept-Encoding`, q=0 refuses one). */
function accepted(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && (q === undefined || Number(q.slice(2)) > 0)) out.add(name);
  }
  return out;
}

/**
 * GET /checkout.js, /bitpay.js (the classic drop-in) and the lazily loaded chunks under /checkout/…, from
 * the element package's build, as brotli or gzip when the browser takes it and the build made one.
 */
export function bundleRouter(dir: string | null): Router {
  const router = Router();
  const missing = () =>
    new AdapterError(
      'BUNDLE_MISSING',
      dir === null
        ? 'The checkout element is not installed: install @bitpay-checkout/checkout-element beside the adapter (npm install @bitpay-checkout/checkout-element), or set the bundleDir option.'
        : 'The checkout element bundle is not built: run `pnpm --filter @bitpay-checkout/checkout-element build`.',
    );
  const serve =
    (relative: (req: express.Request) => string | null, required: boolean): RequestHandler =>
    (req, res, next) => {
      const name = relative(req);
      if (name === null) return next();
      const file = dir === null ? null : join(dir, ...name.split('/'));
      if (file === null || !existsSync(file)) return required ? next(missing()) : next();
      const ok = accepted(req.get('accept-encoding'));
      const encoding = ENCODINGS.find((e) => ok.has(e.name) && existsSync(file + e.ext));
      const headers: Record<string, string> = {
        'Cache-Control': HASHED.test(name) ? IMMUTABLE : CACHE,
        'Content-Type': 'text/javascript; charset=utf-8',
        Vary: 'Accept-Encoding',
      };
      if (encoding) headers['Content-Encoding'] = encoding.name;
      // The ETag revalidates; Last-Modified and byte ranges would only add headers to every script.
      const options = { headers, dotfiles: 'deny', acceptRanges: false, lastModified: false } as const;
      res.sendFile(encoding ? file + encoding.ext : file, options, (err) => {
        if (err && !res.headersSent) next(required ? missing() : undefined);
      });
    };
  router.get(
    '/checkout.js',
    serve(() => 'checkout.js', true),
  );
  router.get(
    '/bitpay.js',
    serve(() => 'bitpay.js', true),
  );
  router.get(
    '/checkout/:name',
    serve((req) => (CHUNK.test(String(req.params.name)) ? join('checkout', String(req.params.name)) : null), false),
  );
  router.get(
    '/checkout/:hash/:name',
    serve((req) => {
      const { hash, name } = req.params as Record<string, string>;
      return HASH.test(hash ?? '') && CHUNK.test(name ?? '') ? `checkout/${hash}/${name}` : null;
    }, false),
  );
  return router;
}
