import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AdapterError, type AdapterErrorCode, HTTP_STATUS } from '../errors/errors.js';
import { describeError, type Logger } from '../log/logger.js';
import { setSecurityHeaders } from './security-headers.js';

/** Body-parser and router errors carry an HTTP status; map them to our codes. */
function fromHttpError(err: unknown): AdapterError | null {
  const status =
    (err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) {
    return err instanceof URIError ? new AdapterError('INVALID_REQUEST', 'The URL is malformed.') : null;
  }
  const code: AdapterErrorCode =
    status === 413
      ? 'PAYLOAD_TOO_LARGE'
      : status === 415
        ? 'UNSUPPORTED_MEDIA_TYPE'
        : status === 404
          ? 'NOT_FOUND'
          : 'INVALID_REQUEST';
  const message =
    code === 'PAYLOAD_TOO_LARGE'
      ? 'The request body is too large.'
      : code === 'UNSUPPORTED_MEDIA_TYPE'
        ? 'The request body encoding is not supported.'
        : 'The request is malformed.';
  return new AdapterError(code, message);
}

/** Every error answer: `{ error: { code, message } }`, status from the one code → status table. */
export function checkoutErrorHandler(logger: Logger): ErrorRequestHandler {
  return function checkoutErrorHandler(err, _req, res, _next) {
    let e = err instanceof AdapterError ? err : fromHttpError(err);
    if (!e) {
      logger.error(`Unexpected error: ${describeError(err)}.`);
      e = new AdapterError('INTERNAL_ERROR', 'Something went wrong on the server.');
    } else if (HTTP_STATUS[e.code] >= 500) {
      logger.warn(`${e.code}: ${e.message}`);
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    // Full set even where a route started with fewer (event streams): this answer is a plain JSON document.
    setSecurityHeaders(res);
    if (e.retryAfterSeconds !== undefined) res.set('Retry-After', String(e.retryAfterSeconds));
    res
      .status(HTTP_STATUS[e.code])
      .set('Cache-Control', 'no-store')
      .json({ error: { code: e.code, message: e.message } });
  };
}

export const notFound: RequestHandler = function notFound(_req, _res, next) {
  next(new AdapterError('NOT_FOUND', 'No such route.'));
};
