import type { RequestHandler } from 'express';
import QRCode from 'qrcode';
import { AdapterError } from '../errors/errors.js';
import { checkInvoiceId } from '../http/validate.js';
import type { Store } from '../store/types.js';
import { QR_CODE_PREFERENCE } from '../view/public-view.js';

const CURRENCY = /^[A-Z0-9]{2,10}$/;
const MAX_CACHED = 1000;

/**
 * GET /invoices/:id/qr.svg?currency=BTC: the QR of that currency's payment code, drawn here so no
 * third-party QR service learns the invoice. A payment code never changes, so the answer is cacheable.
 */
export function qrRoute(store: Store): RequestHandler {
  const cache = new Map<string, string>();
  return async function qrSvg(req, res, next) {
    try {
      const id = checkInvoiceId(req.params.id);
      const currency = req.query.currency;
      if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
        throw new AdapterError('INVALID_REQUEST', 'Give ?currency= as a code like BTC.');
      }
      const record = await store.getInvoice(id);
      if (!record) throw new AdapterError('INVOICE_NOT_FOUND', 'No such invoice.');
      const offered = record.view.paymentCurrencies.find((c) => c.code === currency);
      const code = offered && QR_CODE_PREFERENCE.map((name) => offered.paymentCodes[name]).find((v) => v !== undefined);
      if (!code) throw new AdapterError('INVALID_REQUEST', `This invoice offers no ${currency} payment code.`);
      let svg = cache.get(code);
      if (svg === undefined) {
        svg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
        cache.set(code, svg);
      }
      res.set({ 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'public, max-age=86400, immutable' });
      res.send(svg);
    } catch (err) {
      next(err);
    }
  };
}
