import { createHmac } from 'node:crypto';

/** `x-signature` of an IPN: base64(HMAC-SHA256(raw body, key = the API token that created the invoice)) (§5.3). */
export function ipnSignature(rawBody: string, token: string): string {
  return createHmac('sha256', token).update(rawBody, 'utf8').digest('base64');
}
