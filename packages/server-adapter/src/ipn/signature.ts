import { createHmac, timingSafeEqual } from 'node:crypto';

/** base64(HMAC-SHA256(raw body, token)): how BitPay signs IPNs in `x-signature` (protocol §5.3). */
export function signIpn(rawBody: Buffer | string, token: string): string {
  return createHmac('sha256', token).update(rawBody).digest('base64');
}

/** Constant-time check of `x-signature` over the raw bytes as received. */
export function verifyIpnSignature(rawBody: Buffer, token: string, header: string): boolean {
  const expected = Buffer.from(signIpn(rawBody, token), 'utf8');
  const given = Buffer.from(header.trim(), 'utf8');
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time independent of the input.
  if (given.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(given, expected);
}
