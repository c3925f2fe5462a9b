import type { RequestHandler } from 'express';
import { AdapterError } from '../errors/errors.js';

/**
 * Same-origin requests pass; cross-origin ones only from `allowedOrigins` (exact scheme://host[:port]).
 * Same origin is judged by host, so a TLS-terminating proxy (which changes the scheme) does not lock the
 * shop out of its own adapter.
 */
export function checkoutCors(allowed: ReadonlySet<string>): RequestHandler {
  return function checkoutCors(req, res, next) {
    const origin = req.get('origin');
    if (origin === undefined) return next();
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== null && host === req.get('host')) return next();
    if (!allowed.has(origin))
      return next(new AdapterError('ORIGIN_NOT_ALLOWED', `Origin ${origin.slice(0, 100)} is not allowed.`));
    res.set('Access-Control-Allow-Origin', origin);
    res.vary('Origin');
    if (req.method === 'OPTIONS') {
      res.set({
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'Content-Type, Last-Event-ID',
        'Access-Control-Max-Age': '600',
      });
      res.status(204).end();
      return;
    }
    next();
  };
}
