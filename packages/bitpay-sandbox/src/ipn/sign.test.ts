import { describe, expect, it } from 'vitest';
import { ipnSignature } from './sign.js';

describe('IPN x-signature (§5.3)', () => {
  it('reproduces the protocol vector: HMAC-SHA256 of the raw body keyed by the token, base64', () => {
    const body =
      '{"event":{"code":1005,"name":"invoice_confirmed"},"data":{"id":"G3viJEJgE8Jk2oekSdgT2A","status":"confirmed"}}';
    expect(Buffer.byteLength(body)).toBe(110);
    expect(ipnSignature(body, 'somePosToken')).toBe('YDtDleoDId9ceuZPzCRlG3gy7juPztNofI8HSm9LL7Y=');
    expect(ipnSignature(`${body} `, 'somePosToken')).not.toBe('YDtDleoDId9ceuZPzCRlG3gy7juPztNofI8HSm9LL7Y=');
  });
});
