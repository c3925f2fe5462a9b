import type { RequestHandler } from 'express';
import { AdapterError } from '../errors/errors.js';

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Fixed-window counter per client IP (req.ip: set Express's "trust proxy" when behind one). Per process:
 * with several instances each allows `limit`; put a shared limiter in front if that matters.
 */
export function rateLimit(name: string, limit: number, windowMs: number, now: () => number): RequestHandler {
  const windows = new Map<string, Window>();
  let sweepAt = now() + windowMs;
  return function rateLimitMiddleware(req, _res, next) {
    const t = now();
    if (t >= sweepAt) {
      for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
      sweepAt = t + windowMs;
    }
    const key = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    let w = windows.get(key);
    if (!w || w.resetAt <= t) {
      w = { count: 0, resetAt: t + windowMs };
      windows.set(key, w);
    }
    if (++w.count > limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((w.resetAt - t) / 1000));
      return next(
        new AdapterError('RATE_LIMITED', `Too many ${name} requests; retry in ${retryAfterSeconds} s.`, {
          retryAfterSeconds,
        }),
      );
    }
    next();
  };
}
