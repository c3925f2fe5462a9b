import type { RequestHandler } from 'express';
import QRCode from 'qrcode';
import { AdapterError } from '../errors/errors.js';
import { RateBudget } from '../http/rate-limit.js';
import { checkInvoiceId, clientAddress, singleQueryValue } from '../http/validate.js';
import type { AdapterContext } from '../invoices/context.js';
import { DEFAULT_RATE_LIMIT } from '../options/defaults.js';
import { QR_CODE_PREFERENCE } from '../view/public-view.js';

const CURRENCY = /^[A-Z0-9]{2,10}$/;

/**
 * GET /invoices/:id/qr.svg?currency=BTC: the QR of that currency's payment code, drawn here so no
 * third-party QR service learns the invoice. A payment code never changes, so the answer is cacheable.
 * Drawing costs CPU: cached images are free, new drawings are limited per client address.
 */
export function qrRoute(ctx: AdapterContext): RequestHandler {
  const { opts } = ctx;
  const cache = new Map<string, string>();
  const windowMs = opts.rateLimit === false ? DEFAULT_RATE_LIMIT.windowMs : opts.rateLimit.windowMs;
  const renders =
    opts.qr.rendersPerAddress === false ? null : new RateBudget('QR', opts.qr.rendersPerAddress, windowMs, opts.now);
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
      const offered = record.view.paymentCurrencies.find((c) => c.code === currency);
      const code = offered && QR_CODE_PREFERENCE.map((name) => offered.paymentCodes[name]).find((v) => v !== undefined);
      if (!code) throw new AdapterError('INVALID_REQUEST', `This invoice offers no ${currency} payment code.`);
      let svg = cache.get(code);
      if (svg === undefined) {
        const address = clientAddress(req);
        if (renders && !renders.spend(address)) throw renders.refusal(address);
        svg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        if (opts.qr.cacheEntries > 0) {
          if (cache.size >= opts.qr.cacheEntries) cache.delete(cache.keys().next().value!);
          cache.set(code, svg);
        }
      }
      res.set({ 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'public, max-age=86400, immutable' });
      res.send(svg);
    } catch (err) {
      next(err);
    }
  };
}
