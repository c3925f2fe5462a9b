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

/**
 * An event stream is no document: framing, referrer and opener policies mean nothing for it, and its headers
 * stay in memory as long as it is open (10,000 streams, 10,000 copies). Error answers get the full set from
 * the error handler.
 */
export const streamSecurityHeaders: RequestHandler = function streamSecurityHeaders(_req, res, next) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
};
