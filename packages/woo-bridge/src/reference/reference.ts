import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The element's `order-id` on a WooCommerce page: `wc1.<order id>.<expiry, unix s>.<signature>`, minted by the
 * plugin (the PHP twin is `Bitpay_Checkout_Reference`) and HMAC-SHA256-signed with the shared secret. The bridge
 * never trusts an order number from a browser: without the secret no one can name another order or extend one.
 */
export const REFERENCE_PREFIX = 'wc1';
/** What the signature covers besides the order id and expiry, so this HMAC can never be replayed as another. */
const CONTEXT = 'bitpay-checkout/order-reference/v1';
const SHAPE = /^wc1\.([1-9][0-9]{0,19})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})$/;

export type ReferenceProblem = 'malformed' | 'bad-signature' | 'expired';

export type ReferenceCheck =
  | { ok: true; orderId: string; expiresAt: number }
  | { ok: false; problem: ReferenceProblem; orderId?: string };

function sign(secret: string, orderId: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`${CONTEXT}:${orderId}.${expiresAt}`).digest('base64url');
}

/** A reference for `orderId` valid until `expiresAt` (unix seconds). */
export function mintReference(secret: string, orderId: string | number, expiresAt: number): string {
  const id = String(orderId);
  if (!/^[1-9][0-9]{0,19}$/.test(id)) throw new TypeError('order id must be a positive integer');
  if (!Number.isSafeInteger(expiresAt) || expiresAt < 0) throw new TypeError('expiresAt must be unix seconds');
  return `${REFERENCE_PREFIX}.${id}.${expiresAt}.${sign(secret, id, expiresAt)}`;
}

/**
 * Checks a reference: its shape, then its signature (constant time), then its expiry. `ignoreExpiry` is for
 * events about an invoice made while the reference was valid: they still name the order it was made for.
 */
export function verifyReference(
  secret: string,
  reference: string,
  nowSeconds: number,
  { ignoreExpiry = false }: { ignoreExpiry?: boolean } = {},
): ReferenceCheck {
  const m = SHAPE.exec(reference);
  if (!m) return { ok: false, problem: 'malformed' };
  const [, orderId, exp, given] = m as unknown as [string, string, string, string];
  const expiresAt = Number(exp);
  const expected = Buffer.from(sign(secret, orderId, expiresAt));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { ok: false, problem: 'bad-signature' };
  }
  if (!ignoreExpiry && expiresAt <= nowSeconds) return { ok: false, problem: 'expired', orderId };
  return { ok: true, orderId, expiresAt };
}
