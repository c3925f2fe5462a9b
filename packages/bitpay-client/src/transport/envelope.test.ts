import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BitPayApiError, BitPayAuthError, BitPayError } from '../errors/errors.js';
import { parseJsonLossless } from '../json/lossless.js';
import { readEnvelope } from './envelope.js';

const fixture = (name: string) =>
  parseJsonLossless(readFileSync(join(import.meta.dirname, '../../test/fixtures', name), 'utf8'));

const ok = (status: number, body: unknown) => {
  const out = readEnvelope(status, body, 'TEST /x');
  if (out instanceof BitPayError) throw out;
  return out;
};
const err = (status: number, body: unknown) => {
  const out = readEnvelope(status, body, 'TEST /x');
  if (!(out instanceof BitPayError)) throw new Error('expected an error');
  return out;
};

describe('readEnvelope: every shape of §3.1', () => {
  it('resource with facade: {"facade","data":{…}}', () => {
    const out = ok(200, fixture('createInvoiceResponse.json'));
    expect(out.body.facade).toBe('merchant/invoice');
    expect((out.data as { id: string }).id).toBe('G3viJEJgE8Jk2oekSdgT2A');
  });
  it('resource without facade: {"data":{…}}', () => {
    expect((ok(200, fixture('getRefundResponse.json')).data as { id: string }).id).toMatch(/\w+/);
  });
  it('list: {"data":[…]}', () => {
    expect(Array.isArray(ok(200, fixture('getInvoicesResponse.json')).data)).toBe(true);
  });
  it('bare array (ledger entries)', () => {
    const out = ok(200, fixture('getLedgerEntriesResponse.json'));
    expect(Array.isArray(out.data)).toBe(true);
    expect((out.data as unknown[]).length).toBe(3);
  });
  it('string ack: {"data":"Success"}', () => {
    expect(ok(200, fixture('deliverBillResponse.json')).data).toBe('Success');
    expect(ok(200, fixture('invoiceWebhookResponse.json')).data).toBe('Success');
  });
  it('status ack: {"status":"success","data":{},"message":null}', () => {
    const out = ok(200, fixture('sendRefundNotificationResponse.json'));
    expect(out.body.status).toBe('success');
    expect(out.data).toEqual({});
  });
  it('payout create: data plus status/message', () => {
    const out = ok(200, fixture('createPayoutResponse.json'));
    expect(out.body.status).toBe('success');
    expect((out.data as { id: string }).id).toBeTypeOf('string');
  });
  it('payout group without data: the whole body', () => {
    const created = ok(200, fixture('createPayoutGroupResponse.json')).data as {
      created: unknown[];
      failed: unknown[];
    };
    expect(created.created.length).toBeGreaterThan(0);
    expect(created.failed).toEqual([{ errMessage: 'Ledger currency is required', payee: 'john@doe.com' }]);
    const cancelled = ok(200, fixture('cancelPayoutGroupResponse.json')).data as { cancelled: unknown[] };
    expect(cancelled.cancelled.length).toBeGreaterThan(0);
  });
  it('coded error: status, 6-digit bitpayCode and a code class', () => {
    const e = err(500, fixture('cancelInvoiceErrorResponse.json'));
    expect(e).toBeInstanceOf(BitPayApiError);
    expect(e.code).toBe('API_ERROR');
    expect(e.bitpayCode).toBe('040107');
    expect(e.status).toBe(500);
  });
  it('coded not-found error maps to NOT_FOUND', () => {
    const e = err(404, { status: 'error', code: '020101', data: null, error: 'Invoice not found' });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.bitpayCode).toBe('020101');
  });
  it('plain errors map to auth codes (BitPay answers some of them with HTTP 500)', () => {
    const token = err(500, { error: 'Invalid token' });
    expect(token).toBeInstanceOf(BitPayAuthError);
    expect(token.code).toBe('INVALID_TOKEN');
    expect(token.status).toBe(500);
    expect(err(401, { error: 'Invalid signature' }).code).toBe('INVALID_SIGNATURE');
    expect(err(500, { error: 'Unauthorized sin' }).code).toBe('UNAUTHORIZED_SIN');
    expect(err(400, { error: 'Invalid or expired sessionId' }).code).toBe('SESSION_EXPIRED');
    expect(err(500, { error: 'Account not setup completely yet.' }).code).toBe('API_ERROR');
    expect(err(404, { error: 'Object not found' }).code).toBe('NOT_FOUND');
  });
  it('multi error: {"errors":[…]} lists the params', () => {
    const e = err(400, {
      errors: [
        { error: 'Missing required parameter.', param: 'price' },
        { error: 'Missing required parameter.', param: 'currency' },
      ],
    });
    expect(e.code).toBe('MISSING_PARAMETER');
    expect(e.params).toEqual(['price', 'currency']);
    expect(err(400, { errors: [{ error: 'Invalid value.', param: 'price' }] }).code).toBe('INVALID_PARAMETER');
  });
  it('a non-2xx without an error envelope is API_ERROR; a non-object is INVALID_RESPONSE', () => {
    expect(err(502, { data: 'gateway' }).code).toBe('API_ERROR');
    expect(err(200, 'hello').code).toBe('INVALID_RESPONSE');
    expect(err(200, null).code).toBe('INVALID_RESPONSE');
  });
});
