import type { RequestHandler } from 'express';
import { AdapterError } from '../errors/errors.js';
import { checkInvoiceId, clientAddress, singleQueryValue } from '../http/validate.js';
import type { AdapterContext } from '../invoices/context.js';
import { type QrPainter, qrPayload, qrSvgDocument } from './painter.js';

const CURRENCY = /^[A-Z0-9]{2,10}$/;

/**
 * GET /invoices/:id/qr.svg?currency=BTC: the QR of that currency's payment code, drawn here so no
 * third-party QR service learns the invoice. A payment code never changes, so the answer is cacheable.
 */
export function qrRoute(ctx: AdapterContext, painter: QrPainter): RequestHandler {
  return async function qrSvg(req, res, next) {
    try {
      const id = checkInvoiceId(req.params.id);
      const currency = singleQueryValue(req.query, 'currency');
      if (currency === undefined || !CURRENCY.test(currency)) {
        throw new AdapterError('INVALID_REQUEST', 'Give ?currency= as a code like BTC.');
      }
      await ctx.ready;
      const record = await ctx.cache.get(id);
      if (!record) throw new AdapterError('INVOICE_NOT_FOUND', 'No such invoice.');
      const code = qrPayload(record.view, currency);
      if (!code) throw new AdapterError('INVALID_REQUEST', `This invoice offers no ${currency} payment code.`);
      const address = clientAddress(req);
      const drawing = painter.draw(code, address);
      if (!drawing) throw painter.refusal(address);
      res.set({ 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'public, max-age=86400, immutable' });
      res.send(qrSvgDocument(drawing));
    } catch (err) {
      next(err);
    }
  };
}
