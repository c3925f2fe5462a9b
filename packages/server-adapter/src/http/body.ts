import express, { type RequestHandler } from 'express';
import { AdapterError } from '../errors/errors.js';

/** Reads the body as raw bytes up to `limit` (the IPN signature is over exactly these bytes). */
export function rawBody(limit: number): RequestHandler {
  return express.raw({ type: () => true, limit });
}

/** POST bodies from browsers: JSON only, within `limit`, parsed by us so every failure has our code. */
export function jsonBody(limit: number): RequestHandler[] {
  const requireJson: RequestHandler = function requireJson(req, _res, next) {
    if (!req.is('application/json')) {
      return next(new AdapterError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'));
    }
    next();
  };
  const parse: RequestHandler = function parseJson(req, _res, next) {
    const raw: unknown = req.body;
    if (!Buffer.isBuffer(raw) || raw.length === 0)
      return next(new AdapterError('INVALID_REQUEST', 'The body is empty.'));
    try {
      req.body = JSON.parse(raw.toString('utf8'));
    } catch {
      return next(new AdapterError('INVALID_REQUEST', 'The body is not valid JSON.'));
    }
    next();
  };
  return [requireJson, rawBody(limit), parse];
}
