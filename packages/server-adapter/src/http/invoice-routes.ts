import type { Request, RequestHandler, Response } from 'express';
import { adopterFor } from '../invoices/adopt.js';
import type { AdapterContext } from '../invoices/context.js';
import type { InvoiceCreator } from '../invoices/create.js';
import { parseLastEventId } from '../sse/frames.js';
import type { SseHub } from '../sse/hub.js';
import { publicViewJson } from '../view/serialized.js';
import { checkInvoiceId, parseCreateBody } from './validate.js';

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

function baseUrlOf(ctx: AdapterContext, req: Request): string {
  ctx.baseUrl.current = req.baseUrl;
  return req.baseUrl;
}

/**
 * POST /invoices {orderId[, replace]}: 200 with the order's invoice (open, paid, or expired: never silently
 * replaced), 201 with a new one (none yet, or `replace` named its expired or declined invoice).
 */
export function createInvoiceRoute(ctx: AdapterContext, creator: InvoiceCreator): RequestHandler {
  return async function createInvoice(req, res, next) {
    try {
      const { orderId, replace } = parseCreateBody(req.body);
      await ctx.ready;
      const { record, created } = await creator.getOrCreate(orderId, req, replace);
      res.statusCode = created ? 201 : 200;
      sendJson(res, publicViewJson(record, baseUrlOf(ctx, req), ctx.opts.now()));
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

/** GET /invoices/:id: the public view (and the polling fallback of the element). */
export function getInvoiceRoute(ctx: AdapterContext): RequestHandler {
  return async function getInvoice(req, res, next) {
    try {
      const record = await knownInvoice(ctx, req.params.id);
      sendJson(res, publicViewJson(record, baseUrlOf(ctx, req), ctx.opts.now()));
    } catch (err) {
      next(err);
    }
  };
}

/**
 * The request and response objects live as long as the stream. Drop what routing left on them (the
 * router's continuation, a chain of closures over every router passed; parsed URLs; params; locals) so
 * 10,000 open streams do not keep 10,000 copies of it. Nothing reads them after the stream has started.
 */
function forgetRouting(req: Request, res: Response): void {
  const r = req as unknown as Record<string, unknown>;
  r.next = undefined;
  r.params = undefined;
  r.route = undefined;
  r._parsedUrl = undefined;
  r._parsedOriginalUrl = undefined;
  (res as unknown as Record<string, unknown>).locals = undefined;
}

/** GET /invoices/:id/events: Server-Sent Events (see SseHub). */
export function invoiceEventsRoute(ctx: AdapterContext, hub: SseHub): RequestHandler {
  return async function invoiceEvents(req, res, next) {
    try {
      const record = await knownInvoice(ctx, req.params.id);
      const last = parseLastEventId(req.get('last-event-id') ?? (req.query.lastEventId as string | undefined));
      hub.attach(res, record, last, baseUrlOf(ctx, req));
      forgetRouting(req, res);
    } catch (err) {
      next(err);
    }
  };
}
