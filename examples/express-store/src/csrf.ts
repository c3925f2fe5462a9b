import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { StoreError } from './errors.js';

/**
 * Cross-site request forgery guard for the admin. Basic auth is not enough on its own: the browser
 * sends the password with any request to the store, including a form another site submits. So every
 * state-changing request must
 *  1. come from the store's own pages: `Sec-Fetch-Site: same-origin` and an `Origin` of the store when
 *     the browser sends them (every current browser does on a POST), and
 *  2. carry a token from one of the admin's forms: an HMAC, with a key only this process knows, of when
 *     it was issued; another site cannot read the admin page, so it cannot get one.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOKEN_FIELD = 'csrf';
const TOKEN_HEADER = 'x-csrf-token';

export class CsrfTokens {
  readonly #key: Buffer;
  readonly #maxAgeMs: number;

  /** `secret`: share one between instances behind a load balancer; default: random per process. */
  constructor({ secret, maxAgeMs = 12 * 3600_000 }: { secret?: string | Buffer; maxAgeMs?: number } = {}) {
    this.#key = secret === undefined ? randomBytes(32) : Buffer.from(secret);
    this.#maxAgeMs = maxAgeMs;
  }

  /** A token for the forms of the page about to be sent to `user`. */
  issue(user: string, now = Date.now()): string {
    const issued = now.toString(36);
    return `${issued}.${this.#mac(user, issued)}`;
  }

  verify(token: unknown, user: string, now = Date.now()): boolean {
    if (typeof token !== 'string' || token.length > 100) return false;
    const [issued, mac, extra] = token.split('.');
    if (!issued || !mac || extra !== undefined || !/^[0-9a-z]{1,12}$/.test(issued)) return false;
    const at = Number.parseInt(issued, 36);
    if (!(at <= now + 60_000 && now - at <= this.#maxAgeMs)) return false;
    const expected = Buffer.from(this.#mac(user, issued));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #mac(user: string, issued: string): string {
    return createHmac('sha256', this.#key).update(`store-admin-csrf\n${user}\n${issued}`).digest('base64url');
  }
}

/**
 * Middleware for the admin router (after authentication): lets safe methods through, refuses any other
 * request that is not from the store's own pages with the store's token (403, stable codes).
 */
export function csrfGuard(tokens: CsrfTokens, { publicUrl, user }: { publicUrl: string; user: string }) {
  const publicOrigin = new URL(publicUrl).origin;
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    // The store as this request addressed it, for a store reached under several names (127.0.0.1, localhost).
    const ownOrigin = `${req.protocol}://${req.get('host') ?? ''}`;
    if (
      (site !== undefined && site !== 'same-origin') ||
      (origin !== undefined && origin !== publicOrigin && origin !== ownOrigin)
    ) {
      return next(
        new StoreError(
          'CROSS_SITE_REQUEST',
          'This request came from another site, so the store did not act on it. Use the buttons of the admin page itself.',
        ),
      );
    }
    const body = req.body as Record<string, unknown> | undefined;
    const token = req.get(TOKEN_HEADER) ?? body?.[TOKEN_FIELD];
    if (!tokens.verify(token, user)) {
      return next(
        new StoreError(
          'CSRF_TOKEN_INVALID',
          'This form is out of date or was not sent from the admin page, so nothing was done. Reload the admin page and try again.',
        ),
      );
    }
    next();
  };
}

export { TOKEN_FIELD as CSRF_FIELD, TOKEN_HEADER as CSRF_HEADER };
