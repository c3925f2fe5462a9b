import type { RequestHandler } from 'express';
import { AdapterError } from '../errors/errors.js';
import type { AdapterContext } from '../invoices/context.js';
import type { IpnSignature } from '../store/types.js';
import type { IpnJournal } from './journal.js';
import { WindowCounter } from './limits.js';
import { invoiceIdOfIpn } from './parse.js';
import { verifyIpnSignature } from './signature.js';

function limited(retryAfterSeconds: number, what: string): AdapterError {
  return new AdapterError('RATE_LIMITED', `Too many unsigned IPNs ${what}; retry in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
  });
}

/**
 * POST /ipn. Checks are read-only (which invoice, whose signature, within the limits); then the IPN is recorded
 * durably and only then acknowledged with 200 and an empty body. The state change itself comes from re-reading
 * the invoice, after the answer, so BitPay is never kept waiting on our upstream call.
 *
 * What a hostile sender can cost is bounded: the journal holds one entry per invoice (the body cut to
 * `ipn.keepBodyBytes`), an IPN arriving while a re-read of its invoice is queued here is acknowledged without a
 * write (that read covers it), reads of one invoice start at most once a second, and unsigned IPNs are limited
 * per source address and, for those that need a write, per invoice.
 */
export function ipnRoute(ctx: AdapterContext, journal: IpnJournal): RequestHandler {
  const { ipn: limits } = ctx.opts;
  const perSource = limits.perSource === false ? null : new WindowCounter(limits.perSource, limits.windowMs);
  const perInvoice = limits.perInvoice === false ? null : new WindowCounter(limits.perInvoice, limits.windowMs);
  return async function ipn(req, res, next) {
    try {
      const header = req.get('x-signature');
      const source = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      // Charged for every IPN without a valid signature; checked first, before the body is parsed.
      const chargeSource = () => {
        const wait = perSource?.take(source, ctx.opts.now()) ?? null;
        if (wait !== null) throw limited(wait, 'from this address');
      };
      if (header === undefined) chargeSource();
      const raw: unknown = req.body;
      if (!Buffer.isBuffer(raw) || raw.length === 0)
        throw new AdapterError('INVALID_REQUEST', 'The IPN body is empty.');
      const invoiceId = invoiceIdOfIpn(raw);
      await ctx.ready;
      const record = await ctx.cache.get(invoiceId);
      if (!record)
        throw new AdapterError('INVOICE_NOT_FOUND', 'The IPN is about an invoice this adapter did not create.');
      let signature: IpnSignature = 'absent';
      if (header !== undefined) {
        // Keyed by the token that created the resource: the invoice's facade first; a refund webhook may
        // come keyed by the merchant token although a pos token created the invoice.
        const tokens = [ctx.opts.tokens[record.facade], ctx.opts.tokens.merchant, ctx.opts.tokens.pos];
        const valid = tokens.some((token) => token !== undefined && verifyIpnSignature(raw, token, header));
        if (!valid) {
          chargeSource();
          throw new AdapterError('INVALID_SIGNATURE', 'The IPN signature does not match.');
        }
        signature = 'valid';
      } else if (ctx.opts.requireIpnSignature) {
        throw new AdapterError('INVALID_SIGNATURE', 'The IPN is not signed.');
      }
      // A read of this invoice is queued here and starts after this answer: it covers this IPN.
      if (journal.covers(invoiceId)) {
        res.status(200).end();
        return;
      }
      if (signature === 'absent') {
        const wait = perInvoice?.take(invoiceId, ctx.opts.now()) ?? null;
        if (wait !== null) throw limited(wait, 'for this invoice');
      }
      const id = await ctx.store.recordIpn({
        invoiceId,
        // A copy: the journal keeps at most keepBodyBytes, never a view into the whole request body.
        body: Buffer.from(raw.subarray(0, limits.keepBodyBytes)),
        bodyBytes: raw.length,
        signature,
        receivedAt: ctx.opts.now(),
      });
      res.status(200).end();
      journal.process({ id, invoiceId });
    } catch (err) {
      next(err);
    }
  };
}
