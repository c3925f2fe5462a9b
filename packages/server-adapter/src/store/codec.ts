import { exceptionStatusOf } from '../view/public-view.js';
import type { InvoiceStatus, StoredView } from '../view/types.js';
import type { Facade, InvoiceRecord, IpnRecord, IpnSignature, OutboxRow } from './types.js';

/** Column values shared by the SQL stores (snake_case rows, JSON text for nested values). */
export interface InvoiceRow {
  id: string;
  order_id: string;
  guid: string;
  facade: string;
  price: number | string;
  currency: string;
  status: string;
  exception_status: string;
  confirmations: number | string;
  seq: number | string;
  view: string;
  refund_id: string | null;
  created_at: number | string;
  updated_at: number | string;
}

export function invoiceToRow(r: InvoiceRecord): InvoiceRow {
  return {
    id: r.id,
    order_id: r.orderId,
    guid: r.guid,
    facade: r.facade,
    price: r.price,
    currency: r.currency,
    status: r.status,
    exception_status: String(r.exceptionStatus),
    confirmations: r.confirmations,
    seq: r.seq,
    view: JSON.stringify(r.view),
    refund_id: r.refundId,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

export function rowToInvoice(row: InvoiceRow): InvoiceRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    guid: row.guid,
    facade: row.facade as Facade,
    price: Number(row.price),
    currency: row.currency,
    status: row.status as InvoiceStatus,
    exceptionStatus: exceptionStatusOf(row.exception_status),
    confirmations: Number(row.confirmations),
    seq: Number(row.seq),
    view: JSON.parse(row.view) as StoredView,
    refundId: row.refund_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export interface IpnRow {
  id: number | string;
  invoice_id: string;
  body: Buffer | Uint8Array;
  body_bytes: number | string;
  signature: string;
  received_at: number | string;
  hits: number | string;
}

export function rowToIpn(row: IpnRow): IpnRecord {
  return {
    id: Number(row.id),
    invoiceId: row.invoice_id,
    body: Buffer.isBuffer(row.body) ? row.body : Buffer.from(row.body),
    bodyBytes: Number(row.body_bytes),
    signature: row.signature as IpnSignature,
    receivedAt: Number(row.received_at),
    hits: Number(row.hits),
  };
}

export interface OutboxDbRow {
  id: number | string;
  key: string;
  invoice_id: string;
  event: string;
  attempts: number | string;
}

export function rowToOutbox(row: OutboxDbRow): OutboxRow {
  return {
    id: Number(row.id),
    key: row.key,
    invoiceId: row.invoice_id,
    event: JSON.parse(row.event),
    attempts: Number(row.attempts),
  };
}

export const REPLACEABLE_STATUSES = ['expired', 'declined'] as const;
