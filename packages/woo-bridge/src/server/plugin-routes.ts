import { isIP } from 'node:net';
import {
  AdapterError,
  type CheckoutAdapter,
  HTTP_STATUS,
  type PublicInvoiceView as InvoiceView,
} from '@bitpay-checkout/server-adapter';
import express, {
  type ErrorRequestHandler,
  type Response as ExpressResponse,
  type Request,
  type RequestHandler,
  Router,
} from 'express';
import { BridgeError, type BridgeErrorCode } from '../errors/errors.js';
import {
  adoptCreatedInvoice,
  GATEWAY_ID,
  type OrderHooksContext,
  ourOrder,
  type PerOrderQueue,
} from '../orders/hooks.js';
import { readMeta } from '../orders/meta.js';
import { verifyReference } from '../reference/reference.js';
import { ReplayGuard, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyRequest } from '../signing/request-signature.js';

/** Largest body the plugin sends (an order id, a reference, an amount and a reason). */
const BODY_LIMIT = '16kb';
const ORDER_ID = /^[1-9][0-9]{0,19}$/;
const AMOUNT = /^(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,8})?$/;

export interface PluginRoutesOptions {
  /** The adapter's mount point as this server reaches it, e.g. http://127.0.0.1:8787/bitpay. */
  adapterUrl: string;
  fetch?: typeof fetch;
}

type Body = Record<string, unknown>;
/** The adapter's answer to POST /invoices: the public view, or its error envelope. */
type CreateAnswer = Partial<InvoiceView> & { error?: { code?: string } };

function bad(message: string): BridgeError {
  return new BridgeError('INVALID_REQUEST', message);
}

function orderIdOf(body: Body): string {
  const id = typeof body.orderId === 'number' ? String(body.orderId) : body.orderId;
  if (typeof id !== 'string' || !ORDER_ID.test(id)) throw bad('orderId must be a WooCommerce order id.');
  return id;
}

/** Only these fields (and the plugin's per-call `nonce`), so a typo on the PHP side is an error, not an ignored value. */
function onlyFields(body: Body, allowed: readonly string[]): void {
  const extra = Object.keys(body).find((k) => k !== 'nonce' && !allowed.includes(k));
  if (extra !== undefined) throw bad(`Unknown field "${extra.slice(0, 40)}".`);
}

/** What the adapter's create route answered with, as the bridge's own error. */
function fromAdapterAnswer(status: number, code: unknown): BridgeError {
  switch (code) {
    case 'ORDER_NOT_FOUND':
      return new BridgeError('ORDER_NOT_FOUND', 'The order is unknown, not unpaid, or not paid with BitPay.');
    case 'ORDER_NOT_PAYABLE':
      return new BridgeError('ORDER_NOT_PAYABLE', 'The order cannot be paid now.');
    case 'UPSTREAM_UNAVAILABLE':
    case 'INVOICE_PENDING':
    case 'RATE_LIMITED':
    case 'STORE_ERROR':
    case 'CLOSED':
      return new BridgeError('BITPAY_UNAVAILABLE', `BitPay or the bridge is busy (${String(code)}); retry shortly.`);
    default:
      return new BridgeError('BITPAY_ERROR', `The invoice could not be created (${String(code ?? status)}).`);
  }
}

/**
 * The routes the plugin calls server to server, each signed with the shared secret (HMAC over timestamp and
 * raw body, a 5-minute window, each signature accepted once): create the order's invoice, refund it, check
 * the connection. No browser reaches them, and none answers an unsigned request.
 */
export function pluginRoutes(
  ctx: OrderHooksContext,
  queue: PerOrderQueue,
  adapter: CheckoutAdapter,
  options: PluginRoutesOptions,
): Router {
  const adapterUrl = options.adapterUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? fetch;
  const replay = new ReplayGuard();
  const router = Router();

  /** Verifies the plugin's signature over the raw body, then runs `handler` with the parsed JSON object. */
  const signed = (handler: (body: Body, req: Request, res: ExpressResponse) => Promise<void>): RequestHandler =>
    async function signedPluginRoute(req, res, next) {
      try {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const check = verifyRequest(
          ctx.sharedSecret,
          raw,
          { timestamp: req.get(TIMESTAMP_HEADER), signature: req.get(SIGNATURE_HEADER) },
          ctx.nowSeconds(),
          replay,
        );
        if (!check.ok) {
          const code: BridgeErrorCode =
            check.problem === 'stale'
              ? 'STALE_REQUEST'
              : check.problem === 'replayed'
                ? 'REPLAYED_REQUEST'
                : 'BAD_SIGNATURE';
          throw new BridgeError(code, `The request is not signed by this shop's plugin (${check.problem}).`);
        }
        let parsed: unknown;
        try {
          parsed = raw.length ? JSON.parse(raw.toString('utf8')) : {};
        } catch {
          throw bad('The body is not JSON.');
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          throw bad('The body must be a JSON object.');
        }
        await handler(parsed as Body, req, res);
      } catch (err) {
        next(err);
      }
    };

  router.use(express.raw({ type: () => true, limit: BODY_LIMIT }));

  router.post(
    '/payments',
    signed(async (body, _req, res) => {
      onlyFields(body, ['orderId', 'reference', 'customerIp']);
      const orderId = orderIdOf(body);
      const reference = body.reference;
      if (typeof reference !== 'string') throw bad('reference must be a string.');
      const check = verifyReference(ctx.sharedSecret, reference, ctx.nowSeconds());
      if (!check.ok || check.orderId !== orderId) {
        throw new BridgeError('INVALID_REFERENCE', `The order reference is not valid for order ${orderId}.`);
      }
      const ip = typeof body.customerIp === 'string' && isIP(body.customerIp) ? body.customerIp : null;
      const create = async (replace?: string) => {
        let answer: Response;
        try {
          answer = await fetchImpl(`${adapterUrl}/invoices`, {
            method: 'POST',
            // The shopper's address, so the adapter's per-IP limits count shoppers, not the shop's server.
            headers: { 'content-type': 'application/json', ...(ip ? { 'x-forwarded-for': ip } : {}) },
            body: JSON.stringify(replace ? { orderId: reference, replace } : { orderId: reference }),
            signal: AbortSignal.timeout(30_000),
          });
        } catch (cause) {
          throw new BridgeError('BITPAY_UNAVAILABLE', 'The adapter did not answer.', { cause });
        }
        const json = (await answer.json().catch(() => null)) as CreateAnswer | null;
        if (!answer.ok || !json || typeof json.id !== 'string')
          throw fromAdapterAnswer(answer.status, json?.error?.code);
        return { answer, json: json as CreateAnswer & { id: string } };
      };
      let { answer, json } = await create();
      // Placing the order again is the shopper asking to pay now: an expired or declined invoice is replaced.
      if (json.status === 'expired' || json.status === 'declined') ({ answer, json } = await create(json.id));
      await adoptCreatedInvoice(ctx, queue, orderId, json.id, Number(json.invoiceTime));
      res.status(answer.status === 201 ? 201 : 200).json({
        invoiceId: json.id,
        status: json.status,
        expirationTime: json.expirationTime,
        created: answer.status === 201,
      });
    }),
  );

  router.post(
    '/refunds',
    signed(async (body, _req, res) => {
      onlyFields(body, ['orderId', 'amount', 'reason']);
      const orderId = orderIdOf(body);
      const amountText = typeof body.amount === 'number' ? String(body.amount) : body.amount;
      if (typeof amountText !== 'string' || !AMOUNT.test(amountText) || Number(amountText) <= 0) {
        throw bad('amount must be a positive decimal such as "12.50".');
      }
      const order = await ctx.woo.getOrder(orderId);
      if (!ourOrder(order)) throw new BridgeError('ORDER_NOT_FOUND', `Order ${orderId} was not paid with BitPay.`);
      const meta = readMeta(order);
      const record = meta.invoiceId ? await adapter.store.getInvoice(meta.invoiceId) : null;
      if (!record) throw new BridgeError('NO_INVOICE', `Order ${orderId} has no BitPay invoice at this bridge.`);
      const latest = await adapter.store.latestInvoiceForOrder(record.orderId);
      if (latest?.id !== record.id) throw new BridgeError('NO_INVOICE', `Order ${orderId}'s invoice was replaced.`);
      if (record.currency !== order.currency) {
        throw new BridgeError(
          'REFUND_NOT_ALLOWED',
          `The invoice is in ${record.currency}, the order in ${order.currency}.`,
        );
      }
      const result = await adapter.refund(record.orderId, { amount: Number(amountText) });
      ctx.logger.info(`Order ${orderId}: refund ${result.refundId} of ${amountText} ${record.currency} requested.`);
      res.status(201).json({
        invoiceId: result.invoiceId,
        refundId: result.refundId,
        status: result.refund.status,
        amount: result.refund.amount,
        currency: result.refund.currency,
      });
    }),
  );

  router.post(
    '/ping',
    signed(async (body, _req, res) => {
      onlyFields(body, []);
      const checks: { name: string; ok: boolean; detail: string }[] = [];
      try {
        const gateway = await ctx.woo.getGateway(GATEWAY_ID);
        checks.push({
          name: 'woocommerce',
          ok: true,
          detail: `REST API reachable with the bridge's key; the gateway is ${gateway.enabled ? 'enabled' : 'disabled'}.`,
        });
      } catch (err) {
        checks.push({ name: 'woocommerce', ok: false, detail: err instanceof Error ? err.message : 'failed' });
      }
      try {
        const tokens = await adapter.client.getTokens();
        const merchant = 'merchant' in tokens;
        checks.push({
          name: 'bitpay',
          ok: merchant,
          detail: merchant
            ? 'BitPay reachable; the merchant token is approved for the bridge key.'
            : 'BitPay reachable, but no approved merchant token: pair the bridge (bitpay-checkout-woo pair).',
        });
      } catch (err) {
        const code = err instanceof Error ? ((err as { code?: string }).code ?? err.name) : 'failed';
        checks.push({ name: 'bitpay', ok: false, detail: `BitPay refused or did not answer (${code}).` });
      }
      res.json({ ok: checks.every((c) => c.ok), checks });
    }),
  );

  router.use(function pluginRouteNotFound(_req, _res, next) {
    next(new BridgeError('INVALID_REQUEST', 'No such route.'));
  });
  router.use(pluginErrorHandler(ctx));
  return router;
}

function pluginErrorHandler(ctx: OrderHooksContext): ErrorRequestHandler {
  return function bridgeErrorHandler(err, _req, res, _next) {
    let status: number;
    let code: string;
    let message: string;
    if (err instanceof BridgeError) {
      ({ status, code, message } = err);
    } else if (err instanceof AdapterError) {
      status = HTTP_STATUS[err.code] ?? 500;
      code = err.code;
      message = err.message;
    } else if ((err as { type?: string })?.type === 'entity.too.large') {
      status = 413;
      code = 'PAYLOAD_TOO_LARGE';
      message = `The body is larger than ${BODY_LIMIT}.`;
    } else {
      ctx.logger.error(`Plugin route failed: ${err instanceof Error ? err.name : typeof err}.`);
      status = 500;
      code = 'INTERNAL_ERROR';
      message = 'The bridge failed; see its log.';
    }
    if (res.headersSent) return;
    res.status(status).set('Cache-Control', 'no-store').json({ error: { code, message } });
  };
}
