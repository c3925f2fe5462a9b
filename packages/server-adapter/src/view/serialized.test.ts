import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InvoiceRecord } from '../store/types.js';
import { buildView, finalizeView } from './public-view.js';
import { publicViewFrame, publicViewJson } from './serialized.js';

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/invoice.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

function record(seq: number, status: string): InvoiceRecord {
  const view = buildView(
    { ...fixture, status },
    { orderId: 'o-1', price: 25.5, currency: 'USD', receiptUrl: null, refund: null },
  );
  return {
    id: view.id,
    orderId: 'o-1',
    guid: 'g',
    facade: 'merchant',
    price: 25.5,
    currency: 'USD',
    status: view.status,
    exceptionStatus: view.exceptionStatus,
    confirmations: view.confirmations,
    seq,
    view,
    refundId: null,
    createdAt: 1,
    updatedAt: 1,
  };
}

describe('publicViewJson', () => {
  it('is the serialised public view, byte for byte, with the current server time', () => {
    const r = record(1, 'new');
    for (const [base, now] of [
      ['/bitpay', 1000],
      ['/bitpay', 2000],
      ['/pay', 3000],
    ] as const) {
      expect(publicViewJson(r, base, now)).toBe(JSON.stringify(finalizeView(r.view, base, now)));
    }
  });

  it('makes one SSE event of the view in two parts', () => {
    const r = record(3, 'paid');
    expect(publicViewFrame(r, '/bitpay', 7).join('')).toBe(
      `id: 3\nevent: invoice\ndata: ${JSON.stringify(finalizeView(r.view, '/bitpay', 7))}\n\n`,
    );
  });

  it('follows a record whose change counter moved', () => {
    const r = record(1, 'new');
    publicViewJson(r, '/bitpay', 1);
    const paid = record(2, 'paid');
    Object.assign(r, { seq: 2, view: paid.view, status: 'paid' });
    expect(JSON.parse(publicViewJson(r, '/bitpay', 5)).status).toBe('paid');
  });
});
