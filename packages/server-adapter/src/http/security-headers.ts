import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

/** Headers for every answer: nothing here is meant to be framed, sniffed or sent along as a referrer. */
const HEADERS: readonly [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
];

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of HEADERS) res.setHeader(name, value);
}

export const securityHeaders: RequestHandler = function securityHeaders(_req, res, next) {
  setSecurityHeaders(res);
  next();
};
