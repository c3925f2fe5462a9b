import {
  BitPayApiError,
  BitPayAuthError,
  type BitPayError,
  type BitPayErrorCode,
  BitPayTransportError,
} from '../errors/errors.js';

/** What a request resolved to: the envelope's payload plus the whole parsed body. */
export interface Envelope {
  data: unknown;
  body: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads every envelope of §3.1 in the official SDK's order: `status:"error"`, `error`, `errors[]`, then success
 * (`data`, or the whole body for shapes without `data` such as payout groups). Returns an error object instead of
 * throwing so the transport decides about retries.
 */
export function readEnvelope(httpStatus: number, body: unknown, request: string): Envelope | BitPayError {
  if (!isRecord(body)) {
    if (httpStatus >= 200 && httpStatus < 300 && Array.isArray(body)) return { data: body, body: { data: body } };
    return new BitPayTransportError(
      'INVALID_RESPONSE',
      `BitPay answered ${httpStatus} with an unexpected JSON shape.`,
      {
        status: httpStatus,
        request,
      },
    );
  }
  const errors = body.errors;
  if (body.status === 'error' || typeof body.error === 'string' || Array.isArray(errors)) {
    const bitpayCode = typeof body.code === 'string' && /^\d{6}$/.test(body.code) ? body.code : undefined;
    if (Array.isArray(errors) && typeof body.error !== 'string') {
      const items = errors.filter(isRecord);
      const params = items.map((e) => e.param).filter((p): p is string => typeof p === 'string');
      const text = items.map((e) => `${String(e.error ?? 'error').replace(/\.$/, '')}${e.param ? ` ${e.param}` : ''}`);
      const missing = items.length > 0 && items.every((e) => /missing/i.test(String(e.error)));
      return new BitPayApiError(missing ? 'MISSING_PARAMETER' : 'INVALID_PARAMETER', `${text.join('. ')}.`, {
        status: httpStatus,
        params,
        request,
        ...(bitpayCode ? { bitpayCode } : {}),
      });
    }
    const message = typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : '';
    const code = classify(message, httpStatus, bitpayCode);
    const Cls =
      code === 'INVALID_SIGNATURE' || code === 'INVALID_TOKEN' || code === 'UNAUTHORIZED_SIN'
        ? BitPayAuthError
        : BitPayApiError;
    return new Cls(code, message || `BitPay answered ${httpStatus} with an error.`, {
      status: httpStatus,
      request,
      ...(bitpayCode ? { bitpayCode } : {}),
    });
  }
  if (httpStatus < 200 || httpStatus >= 300) {
    return new BitPayApiError('API_ERROR', `BitPay answered ${httpStatus}.`, { status: httpStatus, request });
  }
  return { data: 'data' in body ? body.data : body, body };
}

function classify(message: string, httpStatus: number, bitpayCode: string | undefined): BitPayErrorCode {
  if (/invalid signature/i.test(message)) return 'INVALID_SIGNATURE';
  if (/invalid or expired session/i.test(message)) return 'SESSION_EXPIRED';
  if (/unauthorized sin/i.test(message)) return 'UNAUTHORIZED_SIN';
  if (/invalid token|token.*(not found|invalid)/i.test(message)) return 'INVALID_TOKEN';
  if (bitpayCode) {
    // digits 5–6: 01 not found, 02 invalid params, 03 missing params (PHP SDK errors.md)
    const kind = bitpayCode.slice(4);
    if (kind === '01') return 'NOT_FOUND';
    if (kind === '02') return 'INVALID_PARAMETER';
    if (kind === '03') return 'MISSING_PARAMETER';
    return 'API_ERROR';
  }
  if (httpStatus === 404 || /not found/i.test(message)) return 'NOT_FOUND';
  if (/missing required parameter/i.test(message)) return 'MISSING_PARAMETER';
  return 'API_ERROR';
}
