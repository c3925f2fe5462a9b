import { BridgeError } from '../errors/errors.js';

/**
 * What a BitPay status change means for a WooCommerce order, written as data: which events exist, which
 * order statuses each may move an order to (configurable), and from which statuses a move is a step forward.
 * Everything else leaves the order as it is, with a note that says why.
 */
export const PAYMENT_EVENTS = [
  'partlyPaid',
  'paid',
  'confirmed',
  'complete',
  'expired',
  'expiredPaid',
  'invalid',
  'declined',
  'refundPending',
  'refundSuccess',
  'refundPartial',
  'refundFailed',
] as const;
export type PaymentEvent = (typeof PAYMENT_EVENTS)[number];

/**
 * Where an event takes the order. `pending` means "leave it awaiting payment" (an order is never moved back to
 * pending); `processing` means `$order->payment_complete(invoiceId)` (WooCommerce picks processing, or completed
 * for orders that need no processing).
 */
export type OrderTarget = 'pending' | 'on-hold' | 'processing' | 'cancelled' | 'failed' | 'refunded';

export interface StatusMap {
  /** Paid in full, not yet confirmed. Default `on-hold` ("awaiting confirmation"). */
  paid: 'on-hold' | 'pending';
  /** Confirmed on the chain: default `processing`. */
  confirmed: 'processing' | 'on-hold';
  /** Credited to the merchant: default `processing`. */
  complete: 'processing' | 'on-hold';
  /** Expired with nothing paid: default `pending` (the shopper may start a new invoice), or `cancelled`. */
  expired: 'pending' | 'cancelled';
  /** Expired partly paid, or paid after expiry (BitPay refunds the buyer): default `on-hold`. */
  expiredPaid: 'on-hold' | 'pending' | 'cancelled';
  /** Paid but not confirmed in time: default `on-hold`. */
  invalid: 'on-hold' | 'failed';
  /** Declined by BitPay: default `failed`. */
  declined: 'failed' | 'cancelled' | 'on-hold';
}

export const DEFAULT_STATUS_MAP: Readonly<StatusMap> = Object.freeze({
  paid: 'on-hold',
  confirmed: 'processing',
  complete: 'processing',
  expired: 'pending',
  expiredPaid: 'on-hold',
  invalid: 'on-hold',
  declined: 'failed',
});

const ALLOWED: { readonly [K in keyof StatusMap]: readonly StatusMap[K][] } = {
  paid: ['on-hold', 'pending'],
  confirmed: ['processing', 'on-hold'],
  complete: ['processing', 'on-hold'],
  expired: ['pending', 'cancelled'],
  expiredPaid: ['on-hold', 'pending', 'cancelled'],
  invalid: ['on-hold', 'failed'],
  declined: ['failed', 'cancelled', 'on-hold'],
};

/** Validates a partial map once, at start-up: unknown keys and values throw, naming them. */
export function resolveStatusMap(map: Partial<StatusMap> | undefined): StatusMap {
  const out: StatusMap = { ...DEFAULT_STATUS_MAP };
  if (map === undefined) return out;
  if (typeof map !== 'object' || map === null) throw new BridgeError('INVALID_OPTION', 'statusMap must be an object.');
  for (const [k, v] of Object.entries(map)) {
    if (!(k in ALLOWED)) {
      throw new BridgeError(
        'INVALID_OPTION',
        `statusMap: unknown event "${k}" (one of ${Object.keys(ALLOWED).join(', ')}).`,
      );
    }
    const allowed = ALLOWED[k as keyof StatusMap] as readonly string[];
    if (typeof v !== 'string' || !allowed.includes(v)) {
      throw new BridgeError('INVALID_OPTION', `statusMap.${k}: "${String(v)}" is not one of ${allowed.join(', ')}.`);
    }
    (out as unknown as Record<string, string>)[k] = v;
  }
  return out;
}

/** Statuses an order never leaves because of BitPay (the merchant may still move it by hand). */
export const FINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'cancelled', 'refunded']);

/** From which current statuses a target is a step forward. */
const FORWARD_FROM: Readonly<Record<Exclude<OrderTarget, 'pending'>, readonly string[]>> = {
  'on-hold': ['pending', 'failed'],
  processing: ['pending', 'failed', 'on-hold'],
  cancelled: ['pending', 'failed'],
  failed: ['pending', 'on-hold'],
  refunded: ['on-hold', 'processing'],
};

function targetOf(event: PaymentEvent, map: StatusMap): OrderTarget | null {
  switch (event) {
    case 'partlyPaid':
    case 'refundPending':
    case 'refundPartial':
    case 'refundFailed':
      return null;
    case 'refundSuccess':
      return 'refunded';
    default:
      return map[event];
  }
}

export type Decision =
  | { action: 'payment-complete' }
  | { action: 'set-status'; status: Exclude<OrderTarget, 'pending' | 'processing'> }
  | { action: 'none'; reason: 'note-only' | 'stays-pending' | 'already' | 'final' | 'backwards' | 'unknown-status' };

/** The whole policy: what an event about the order's current invoice does to an order in `current` status. */
export function decide(current: string, event: PaymentEvent, map: StatusMap = DEFAULT_STATUS_MAP): Decision {
  const target = targetOf(event, map);
  if (target === null) return { action: 'none', reason: 'note-only' };
  if (FINAL_STATUSES.has(current)) return { action: 'none', reason: 'final' };
  if (target === 'pending') return { action: 'none', reason: 'stays-pending' };
  if (current === target) return { action: 'none', reason: 'already' };
  const known = ['pending', 'failed', 'on-hold', 'processing'];
  if (!known.includes(current)) return { action: 'none', reason: 'unknown-status' };
  if (!FORWARD_FROM[target].includes(current)) return { action: 'none', reason: 'backwards' };
  return target === 'processing' ? { action: 'payment-complete' } : { action: 'set-status', status: target };
}
