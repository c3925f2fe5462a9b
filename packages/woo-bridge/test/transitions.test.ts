import { describe, expect, it } from 'vitest';
import { BridgeError } from '../src/errors/errors.js';
import { decide, PAYMENT_EVENTS, type PaymentEvent, resolveStatusMap } from '../src/orders/transitions.js';

/**
 * The golden table: every (current WooCommerce status, BitPay event) pair about the order's current invoice, and
 * the status the order has afterwards (`=` unchanged; `processing` is payment_complete()). Written by hand from
 * the rules, not from the code: paid → on-hold; confirmed/complete → payment complete; expired unpaid →
 * stays pending; expired partly/late paid → on-hold; invalid → on-hold; declined → failed; refund complete →
 * refunded; never backwards, never out of completed/cancelled/refunded.
 */
const EVENTS = [
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

const DEFAULT_TABLE = `
               partlyPaid paid     confirmed  complete   expired expiredPaid invalid declined refundPending refundSuccess refundPartial refundFailed
pending        =          on-hold  processing processing =       on-hold     on-hold failed   =             =             =             =
failed         =          on-hold  processing processing =       on-hold     on-hold =        =             =             =             =
on-hold        =          =        processing processing =       =           =       failed   =             refunded      =             =
processing     =          =        =          =          =       =           =       =        =             refunded      =             =
completed      =          =        =          =          =       =           =       =        =             =             =             =
cancelled      =          =        =          =          =       =           =       =        =             =             =             =
refunded       =          =        =          =          =       =           =       =        =             =             =             =
checkout-draft =          =        =          =          =       =           =       =        =             =             =             =
ready-to-ship  =          =        =          =          =       =           =       =        =             =             =             =
`;

/** A merchant who cancels expired orders and treats invalid and declined payments as failed/cancelled. */
const STRICT_TABLE = `
               partlyPaid paid     confirmed  complete   expired   expiredPaid invalid declined  refundPending refundSuccess refundPartial refundFailed
pending        =          =        processing on-hold    cancelled cancelled   failed  cancelled =             =             =             =
failed         =          =        processing on-hold    cancelled cancelled   =       cancelled =             =             =             =
on-hold        =          =        processing =          =         =           failed  =         =             refunded      =             =
processing     =          =        =          =          =         =           =       =         =             refunded      =             =
completed      =          =        =          =          =         =           =       =         =             =             =             =
`;

function parse(table: string): { status: string; cells: Record<string, string> }[] {
  const [head, ...rows] = table.trim().split('\n');
  const cols = head!.trim().split(/\s+/);
  return rows.map((row) => {
    const [status, ...cells] = row.trim().split(/\s+/);
    return { status: status!, cells: Object.fromEntries(cols.map((c, i) => [c, cells[i]!])) };
  });
}

function after(status: string, event: PaymentEvent, map = resolveStatusMap(undefined)): string {
  const d = decide(status, event, map);
  if (d.action === 'payment-complete') return 'processing';
  if (d.action === 'set-status') return d.status;
  return '=';
}

describe('golden table: (order status, event) → order status', () => {
  it('lists every event the bridge knows', () => {
    expect([...PAYMENT_EVENTS].sort()).toEqual([...EVENTS].sort());
  });

  for (const { status, cells } of parse(DEFAULT_TABLE)) {
    it(`default map, order ${status}`, () => {
      const got = Object.fromEntries(EVENTS.map((e) => [e, after(status, e)]));
      expect(got).toEqual(cells);
    });
  }

  const strict = resolveStatusMap({
    paid: 'pending',
    complete: 'on-hold',
    expired: 'cancelled',
    expiredPaid: 'cancelled',
    invalid: 'failed',
    declined: 'cancelled',
  });
  for (const { status, cells } of parse(STRICT_TABLE)) {
    it(`configured map, order ${status}`, () => {
      const got = Object.fromEntries(EVENTS.map((e) => [e, after(status, e, strict)]));
      expect(got).toEqual(cells);
    });
  }

  it('never moves an order out of a final status, whatever the map', () => {
    for (const status of ['completed', 'cancelled', 'refunded']) {
      for (const e of EVENTS) expect(decide(status, e, strict).action).toBe('none');
    }
  });
});

describe('statusMap option', () => {
  it('refuses unknown events and values, naming them', () => {
    expect(() => resolveStatusMap({ payed: 'on-hold' } as never)).toThrow(/payed/);
    expect(() => resolveStatusMap({ expired: 'processing' } as never)).toThrow(/statusMap\.expired/);
    try {
      resolveStatusMap({ declined: 'refunded' } as never);
    } catch (err) {
      expect(err).toBeInstanceOf(BridgeError);
      expect((err as BridgeError).code).toBe('INVALID_OPTION');
    }
  });
});
