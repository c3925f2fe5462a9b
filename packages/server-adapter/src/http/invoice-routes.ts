import type { Request, RequestHandler, Response } from 'express';
import { AdapterError } from '../errors/errors.js';
import { adopterFor } from '../invoices/adopt.js';
import type { AdapterContext } from '../invoices/context.js';
import type { InvoiceCreator } from '../invoices/create.js';
import { resolveOrderChecked } from '../invoices/order.js';
import type { QrPainter } from '../qr/painter.js';
import { parseLastEventId } from '../sse/frames.js';
import type { SseHub } from '../sse/hub.js';
import type { InvoiceRecord } from '../store/types.js';
import { publicViewJson } from '../view/serialized.js';
import type { RateBudget } from './rate-limit.js';
import { checkInvoiceId, checkQrCurrency, clientAddress, parseCreateBody, singleQueryValue } from './validate.js';

/**
 * An API answer that must not be stored. Straight to Node rather than through res.json: the body is
 * already JSON, and an ETag (a hash of every answer) means nothing for a no-store resource.
 */
function sendJson(res: Response, body: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/**
 * An address whose create budget is spent may still re-read an order's open invoice (every view of the order page
 * posts here; shoppers behind one NAT share an address): only a real create spends the budget.
 */
async function openInvoiceWithoutCreate(ctx: AdapterContext, orderId: string, req: Request, replace: string | null) {
  // The merchant's resolveOrder still decides who may see the order.
  if (!(await resolveOrderChecked(ctx.opts.resolveOrder, orderId, req))) {
    throw new AdapterError('ORDER_NOT_FOUND', `No order ${orderId}.`);
  }
  const latest = await ctx.store.latestInvoiceForOrder(orderId);
  if (!latest) return null;
  // Not replacing: the order keeps its invoice (open, paid, or expired awaiting a late payment).
  if (replace === null) return latest.status === 'new' && latest.view.expirationTime <= ctx.opts.now() ? null : latest;
  return replace !== latest.id ? latest : null;
}

/** The view's JSON, with the QR of currency `qr` inline when the request asked for it. */
function viewAnswer(ctx: AdapterContext, painter: QrPainter, record: InvoiceRecord, req: Request, qr?: string) {
  const inline = qr === undefined ? null : painter.inline(record.view, qr, clientAddress(req));
  return publicViewJson(record, req.baseUrl, ctx.opts.now(), inline);
}

/**
 * POST /invoices {orderId[, replace][, qr]}: 200 with the order's invoice (open, paid, or expired: never silently
 * replaced), 201 with a new one (none yet, or `replace` named its expired or declined invoice).
 */
export function createInvoiceRoute(
  ctx: AdapterContext,
  creator: InvoiceCreator,
  budget: RateBudget | null,
  painter: QrPainter,
): RequestHandler {
  return async function createInvoice(req, res, next) {
    try {
      const { orderId, replace, qr } = parseCreateBody(req.body);
      await ctx.ready;
      const address = clientAddress(req);
      let result: { record: InvoiceRecord; created: boolean };
      if (budget?.exhausted(address)) {
        const open = await openInvoiceWithoutCreate(ctx, orderId, req, replace);
        if (!open) throw budget.refusal(address);
        result = { record: open, created: false };
      } else {
        result = await creator.getOrCreate(orderId, req, replace);
        if (result.created) budget?.spend(address);
      }
      const { record, created } = result;
      res.statusCode = created ? 201 : 200;
      sendJson(res, viewAnswer(ctx, painter, record, req, qr));
    } catch (err) {
      next(err);
    }
  };
}

/**
 * The record of an invoice this adapter created, from the cache when fresh: polling and thousands of
 * watchers joining share one read and one record (the cache drops an entry on every announced change).
 */
async function knownInvoice(ctx: AdapterContext, rawId: unknown) {
  const id = checkInvoiceId(rawId);
  const cached = ctx.cache.peek(id);
  if (cached) return cached;
  await ctx.ready;
  const record = await ctx.cache.get(id);
  // Not one it created: maybe the merchant's own (a plugin showing it with bitpay.js), read from BitPay.
  return record ?? adopterFor(ctx).adopt(id);
}

/** GET /invoices/:id[?qr=BTC]: the public view (and the polling fallback of the element). */
export function getInvoiceRoute(ctx: AdapterContext, painter: QrPainter): RequestHandler {
  return async function getInvoice(req, res, next) {
    try {
      const qr = checkQrCurrency(singleQueryValue(req.query, 'qr'));
      const record = await knownInvoice(ctx, req.params.id);
      sendJson(res, viewAnswer(ctx, painter, record, req, qr));
    } catch (err) {
      next(err);
    }
  };
}

/** GET /invoices/:id/events: Server-Sent Events (see SseHub). */
export function invoiceEventsRoute(ctx: AdapterContext, hub: SseHub): RequestHandler {
  return async function invoiceEvents(req, res, next) {
    try {
      const record = await knownInvoice(ctx, req.params.id);
      const query = singleQueryValue(req.query, 'lastEventId');
      if (query !== undefined && parseLastEventId(query) === null) {
        throw new AdapterError('INVALID_REQUEST', 'lastEventId must be a non-negative integer.');
      }
      const last = parseLastEventId(req.get('last-event-id') ?? query);
      const address = clientAddress(req);
      if (!hub.hasRoomFor(address)) {
        throw new AdapterError('RATE_LIMITED', 'Too many open status streams from this address; retry in 30 s.', {
          retryAfterSeconds: 30,
        });
      }
      hub.attach(res, record, last, req.baseUrl, address);
    } catch (err) {
      next(err);
    }
  };
}
