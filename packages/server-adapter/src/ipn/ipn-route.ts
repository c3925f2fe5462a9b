import type { RequestHandler } from 'express';
import { AdapterError } from '../errors/errors.js';
import type { AdapterContext } from '../invoices/context.js';
import type { IpnSignature } from '../store/types.js';
import type { IpnJournal } from './journal.js';
import { invoiceIdOfIpn } from './parse.js';
import { verifyIpnSignature } from './signature.js';

/**
 * POST /ipn. Checks are read-only (which invoice, whose signature); then the IPN is recorded durably and
 * only then acknowledged with 200 and an empty body. The state change itself comes from re-fetching the
 * invoice, after the answer, so BitPay is never kept waiting on our upstream call.
 */
export function ipnRoute(ctx: AdapterContext, journal: IpnJournal): RequestHandler {
  return async function ipn(req, res, next) {
    try {
      const raw: unknown = req.body;
      if (!Buffer.isBuffer(raw) || raw.length === 0)
        throw new AdapterError('INVALID_REQUEST', 'The IPN body is empty.');
      const invoiceId = invoiceIdOfIpn(raw);
      await ctx.ready;
      const record = await ctx.cache.get(invoiceId);
      if (!record)
        throw new AdapterError('INVOICE_NOT_FOUND', 'The IPN is about an invoice this adapter did not create.');
      const header = req.get('x-signature');
      let signature: IpnSignature = 'absent';
      if (header !== undefined) {
        // Keyed by the token that created the resource: the invoice's facade first; a refund webhook may
        // come keyed by the merchant token although a pos token created the invoice.
        const tokens = [ctx.opts.tokens[record.facade], ctx.opts.tokens.merchant, ctx.opts.tokens.pos];
        const valid = tokens.some((token) => token !== undefined && verifyIpnSignature(raw, token, header));
        if (!valid) throw new AdapterError('INVALID_SIGNATURE', 'The IPN signature does not match.');
        signature = 'valid';
      } else if (ctx.opts.requireIpnSignature) {
        throw new AdapterError('INVALID_SIGNATURE', 'The IPN is not signed.');
      }
      const id = await ctx.store.recordIpn({
        invoiceId,
        body: raw.toString('utf8'),
        signature,
        receivedAt: ctx.opts.now(),
      });
      res.status(200).end();
      void journal.process({ id, invoiceId });
    } catch (err) {
      next(err);
    }
  };
}
