import {
  AdapterError,
  type CheckoutAdapter,
  type Logger,
  type OrderDetails,
  type StatusChangeEvent,
} from '@bitpay-checkout/server-adapter';
import type { Request } from 'express';
import { BridgeError } from '../errors/errors.js';
import { verifyReference } from '../reference/reference.js';
import type { WooClient, WooMeta, WooOrder } from '../woo/rest-client.js';
import { classify, describe, outcomeSuffix } from './events.js';
import { adoptInvoice, markHandled, readMeta, standingOf, supersedeCurrent } from './meta.js';
import { decide, type StatusMap } from './transitions.js';

/** The gateway id the plugin registers; the bridge touches no order paid another way. */
export const GATEWAY_ID = 'bitpay_checkout';
/** WooCommerce statuses in which an order may still be paid (`WC_Order::needs_payment()`). */
const PAYABLE = new Set(['pending', 'failed']);
const REPLACEABLE = new Set(['expired', 'declined']);

export interface OrderHooksContext {
  woo: WooClient;
  sharedSecret: string;
  statusMap: StatusMap;
  logger: Logger;
  nowSeconds: () => number;
  /** Set once the adapter exists (its store tells whether an order's invoice is about to be replaced). */
  adapter: CheckoutAdapter | null;
}

/** Runs one task at a time per WooCommerce order, so two events never read and write one order's meta at once. */
export class PerOrderQueue {
  readonly #tails = new Map<string, Promise<unknown>>();
  run<T>(orderId: string, task: () => Promise<T>): Promise<T> {
    const prev = this.#tails.get(orderId) ?? Promise.resolve();
    const next = prev.then(task, task);
    const tail = next.catch(() => {});
    this.#tails.set(orderId, tail);
    void tail.then(() => {
      if (this.#tails.get(orderId) === tail) this.#tails.delete(orderId);
    });
    return next;
  }
}

/** A WooCommerce failure seen by the adapter's create route: a retryable 503, never a 500. */
function asAdapterError(err: unknown): unknown {
  if (err instanceof BridgeError) {
    return new AdapterError('UPSTREAM_UNAVAILABLE', 'The shop could not be reached; retry shortly.', { cause: err });
  }
  return err;
}

export function ourOrder(order: WooOrder): boolean {
  return order.payment_method === GATEWAY_ID;
}

function httpUrl(value: string | null): string | undefined {
  return value && /^https?:\/\//.test(value) ? value : undefined;
}

/**
 * `resolveOrder` for the adapter: the element's order id is the plugin's signed reference; the order is read
 * from WooCommerce and accepted only if it uses this gateway; price and currency are WooCommerce's.
 */
export function makeResolveOrder(ctx: OrderHooksContext, queue: PerOrderQueue) {
  return async function resolveOrder(reference: string, req?: Request): Promise<OrderDetails | null> {
    const check = verifyReference(ctx.sharedSecret, reference, ctx.nowSeconds());
    if (!check.ok) {
      ctx.logger.warn(`Refused an order reference (${check.problem}).`);
      return null;
    }
    let order: WooOrder;
    try {
      order = await ctx.woo.getOrder(check.orderId);
    } catch (err) {
      if (err instanceof BridgeError && err.code === 'ORDER_NOT_FOUND') return null;
      throw asAdapterError(err);
    }
    if (!ourOrder(order)) return null;
    const price = Number(order.total);
    if (!(price > 0)) return null;
    const meta = readMeta(order);
    let payable = PAYABLE.has(order.status);
    if (payable && ctx.adapter && meta.invoiceId) {
      const store = ctx.adapter.store;
      const current = await store.getInvoice(meta.invoiceId);
      const latest = await store.latestInvoiceForOrder(reference);
      // The adapter makes a new invoice only for a reference without one, or when the shopper asks to replace
      // the reference's expired or declined invoice (the create body's `replace`).
      const replace = (req?.body as { replace?: unknown } | undefined)?.replace;
      const willCreate =
        latest === null || (typeof replace === 'string' && replace === latest.id && REPLACEABLE.has(latest.status));
      if (current && !REPLACEABLE.has(current.status) && current.orderId !== reference) {
        // Open under an older reference: one open invoice per order, so this reference may not make another.
        payable = false;
      } else if (current && willCreate && REPLACEABLE.has(current.status)) {
        // A new invoice is about to replace it: from now on the old one's events never move the order.
        await queue
          .run(check.orderId, async () => {
            const fresh = readMeta(await ctx.woo.getOrder(check.orderId));
            if (fresh.invoiceId === current.id) {
              await ctx.woo.updateOrder(check.orderId, { meta_data: supersedeCurrent(fresh) });
            }
          })
          .catch((err) => {
            throw asAdapterError(err);
          });
      }
    }
    const name = [order.billing?.first_name, order.billing?.last_name].filter(Boolean).join(' ');
    const returnUrl = httpUrl(meta.returnUrl);
    return {
      price,
      currency: order.currency,
      itemDesc: `Order #${(order as { number?: string }).number ?? order.id}`,
      ...(name || order.billing?.email
        ? { buyer: { ...(name ? { name } : {}), ...(order.billing?.email ? { email: order.billing.email } : {}) } }
        : {}),
      ...(returnUrl ? { redirectURL: returnUrl, receiptUrl: returnUrl } : {}),
      payable,
    };
  };
}

/** Records `invoiceId` as the order's current invoice unless it already is (or was replaced). */
export async function adoptCreatedInvoice(
  ctx: OrderHooksContext,
  queue: PerOrderQueue,
  orderId: string,
  invoiceId: string,
  invoiceTime: number,
): Promise<void> {
  await queue.run(orderId, async () => {
    const meta = readMeta(await ctx.woo.getOrder(orderId));
    if (standingOf(meta, invoiceId, invoiceTime) !== 'newer') return;
    await ctx.woo.updateOrder(orderId, { meta_data: adoptInvoice(meta, invoiceId, invoiceTime) });
  });
}

/**
 * `onStatusChange` for the adapter: moves the order through the status map with a note each time, only for the
 * order's current invoice, only forward, once per idempotency key (kept on the order). Throwing makes the
 * adapter's outbox retry; conditions that retrying cannot fix are logged and dropped.
 */
export function makeOnStatusChange(ctx: OrderHooksContext, queue: PerOrderQueue) {
  return async function onStatusChange(event: StatusChangeEvent): Promise<void> {
    const ref = verifyReference(ctx.sharedSecret, event.orderId, ctx.nowSeconds(), { ignoreExpiry: true });
    if (!ref.ok) {
      ctx.logger.warn(`Invoice ${event.invoiceId}: its order reference is not one of this shop's (${ref.problem}).`);
      return;
    }
    const kind = classify(event);
    if (kind === null) return;
    const id = ref.orderId;
    await queue.run(id, async () => {
      let order: WooOrder;
      try {
        order = await ctx.woo.getOrder(id);
      } catch (err) {
        if (err instanceof BridgeError && err.code === 'ORDER_NOT_FOUND') {
          ctx.logger.warn(`Invoice ${event.invoiceId}: WooCommerce order ${id} no longer exists.`);
          return;
        }
        throw err;
      }
      const meta = readMeta(order);
      if (meta.handled.includes(event.idempotencyKey)) return;
      const text = describe(kind, event, ctx.statusMap.expired);
      const standing = ourOrder(order) ? standingOf(meta, event.invoiceId, event.invoice.invoiceTime) : 'superseded';
      if (standing === 'superseded') {
        const why = ourOrder(order)
          ? 'This invoice was replaced by a newer one, so the order is unchanged.'
          : 'The order is now paid another way, so it is unchanged.';
        await ctx.woo.addNote(id, `${text} ${why}`);
        await ctx.woo.updateOrder(id, { meta_data: [markHandled(meta, event.idempotencyKey)] });
        return;
      }
      const rows: WooMeta[] =
        standing === 'newer' ? adoptInvoice(meta, event.invoiceId, event.invoice.invoiceTime) : [];
      const decision = decide(order.status, kind, ctx.statusMap);
      await ctx.woo.addNote(id, text + outcomeSuffix(decision, order.status));
      rows.push(markHandled(meta, event.idempotencyKey));
      if (decision.action === 'payment-complete') {
        await ctx.woo.paymentComplete(id, event.invoiceId, rows);
      } else if (decision.action === 'set-status') {
        await ctx.woo.updateOrder(id, { status: decision.status, meta_data: rows });
      } else {
        await ctx.woo.updateOrder(id, { meta_data: rows });
      }
      ctx.logger.info(
        `Order ${id}: ${event.idempotencyKey} → ${decision.action === 'none' ? `stays ${order.status}` : decision.action === 'set-status' ? decision.status : 'payment complete'}.`,
      );
    });
  };
}
