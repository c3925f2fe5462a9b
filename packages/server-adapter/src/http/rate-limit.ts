import type { RequestHandler } from 'express';
import { AdapterError } from '../errors/errors.js';
import { clientAddress } from './validate.js';

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Fixed-window counters per client address (req.ip: set Express's "trust proxy" when behind one). Per process:
 * with several instances each allows `limit`; put a shared limiter in front if that matters.
 */
export class RateBudget {
  readonly #windows = new Map<string, Window>();
  readonly #name: string;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  #sweepAt: number;

  constructor(name: string, limit: number, windowMs: number, now: () => number) {
    this.#name = name;
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#now = now;
    this.#sweepAt = now() + windowMs;
  }

  #window(key: string): Window {
    const t = this.#now();
    if (t >= this.#sweepAt) {
      for (const [k, w] of this.#windows) if (w.resetAt <= t) this.#windows.delete(k);
      this.#sweepAt = t + this.#windowMs;
    }
    let w = this.#windows.get(key);
    if (!w || w.resetAt <= t) {
      w = { count: 0, resetAt: t + this.#windowMs };
      this.#windows.set(key, w);
    }
    return w;
  }

  /** Whether `key` has used its whole budget for this window. */
  exhausted(key: string): boolean {
    return this.#window(key).count >= this.#limit;
  }

  /** Counts one use; false when it was over the budget. */
  spend(key: string): boolean {
    return ++this.#window(key).count <= this.#limit;
  }

  /** The RATE_LIMITED error for `key`, with its Retry-After. */
  refusal(key: string): AdapterError {
    const retryAfterSeconds = Math.max(1, Math.ceil((this.#window(key).resetAt - this.#now()) / 1000));
    return new AdapterError('RATE_LIMITED', `Too many ${this.#name} requests; retry in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }
}

/** Every request counts. */
export function rateLimit(name: string, limit: number, windowMs: number, now: () => number): RequestHandler {
  const budget = new RateBudget(name, limit, windowMs, now);
  return function rateLimitMiddleware(req, _res, next) {
    const key = clientAddress(req);
    if (!budget.spend(key)) return next(budget.refusal(key));
    next();
  };
}
