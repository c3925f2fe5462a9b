import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Server-to-server calls from the plugin: `X-BitPay-Checkout-Timestamp: <unix s>` and
 * `X-BitPay-Checkout-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. The PHP twin is
 * `Bitpay_Checkout_Request_Signer`. A request older or newer than the window is refused, and so is one whose
 * signature was already accepted inside the window.
 */
export const TIMESTAMP_HEADER = 'x-bitpay-checkout-timestamp';
export const SIGNATURE_HEADER = 'x-bitpay-checkout-signature';
export const SIGNATURE_WINDOW_SECONDS = 300;

export function signRequest(secret: string, body: string | Buffer, timestamp: number): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `v1=${mac.digest('hex')}`;
}

/** Headers for a signed request with this body, now. */
export function signedHeaders(secret: string, body: string, nowSeconds: number): Record<string, string> {
  return {
    [TIMESTAMP_HEADER]: String(nowSeconds),
    [SIGNATURE_HEADER]: signRequest(secret, body, nowSeconds),
  };
}

export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'bad-signature' | 'replayed';
export type SignatureCheck = { ok: true } | { ok: false; problem: SignatureProblem };

const HEX_SIGNATURE = /^v1=[0-9a-f]{64}$/;

/**
 * Remembers accepted signatures until they leave the window, so a captured request cannot be sent again.
 * Bounded: past `max` entries the oldest go first (they would be refused as stale soon anyway).
 */
export class ReplayGuard {
  readonly #seen = new Map<string, number>();
  readonly #max: number;
  constructor(max = 10_000) {
    this.#max = max;
  }
  /** True the first time a signature is seen inside its window. */
  firstUse(signature: string, timestamp: number, nowSeconds: number): boolean {
    for (const [sig, ts] of this.#seen) {
      if (ts >= nowSeconds - SIGNATURE_WINDOW_SECONDS && this.#seen.size < this.#max) break;
      this.#seen.delete(sig);
    }
    if (this.#seen.has(signature)) return false;
    this.#seen.set(signature, timestamp);
    return true;
  }
}

export function verifyRequest(
  secret: string,
  body: Buffer,
  headers: { timestamp: string | undefined; signature: string | undefined },
  nowSeconds: number,
  replay?: ReplayGuard,
): SignatureCheck {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) return { ok: false, problem: 'missing' };
  if (!/^[0-9]{1,12}$/.test(timestamp) || !HEX_SIGNATURE.test(signature)) return { ok: false, problem: 'malformed' };
  const ts = Number(timestamp);
  if (Math.abs(nowSeconds - ts) > SIGNATURE_WINDOW_SECONDS) return { ok: false, problem: 'stale' };
  const expected = Buffer.from(signRequest(secret, body, ts));
  const actual = Buffer.from(signature);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { ok: false, problem: 'bad-signature' };
  }
  if (replay && !replay.firstUse(signature, ts, nowSeconds)) return { ok: false, problem: 'replayed' };
  return { ok: true };
}
