import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Request } from 'express';
import { AdapterError } from '../errors/errors.js';
import { fromUpstream, isUpstreamNotFound } from '../errors/upstream.js';
import { describeError } from '../log/logger.js';
import type { OrderDetails } from '../options/types.js';
import { isReplaceable } from '../state/machine.js';
import type { InvoiceRecord, OrderClaim } from '../store/types.js';
import { buildView, type UpstreamInvoice } from '../view/public-view.js';
import type { AdapterContext } from './context.js';
import { resolveOrderChecked } from './order.js';
import { firstRecord } from './record.js';
import type { InvoiceSync } from './sync.js';

export interface CreateResult {
  record: InvoiceRecord;
  created: boolean;
}

const INVOICE_ID = /^[A-Za-z0-9]{1,64}$/;

function pending(): AdapterError {
  return new AdapterError('INVOICE_PENDING', 'The invoice for this order is still being created; retry shortly.', {
    retryAfterSeconds: 2,
  });
}

/**
 * POST /invoices behind the scenes: the order's open invoice if it has one, else a new one at BitPay.
 * At most one open invoice per order: concurrent requests in this process share one attempt, and across
 * processes the store's order claim lets one creator through while the others wait for its invoice.
 *
 * The claim's guid is stored before BitPay is called and kept until an invoice is attached, so whoever takes
 * the order over after a failure, a timeout or a crash (a retry, another instance, the start-up recovery)
 * sends the same guid, and first looks the invoice up by it: BitPay may have made it before the answer was lost.
 * A shopper waits at most `createDeadlineMs`; the create goes on, and the retry gets its invoice.
 */
export class InvoiceCreator {
  readonly #ctx: AdapterContext;
  readonly #sync: InvoiceSync;
  readonly #inflight = new Map<string, Promise<CreateResult>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(ctx: AdapterContext, sync: InvoiceSync) {
    this.#ctx = ctx;
    this.#sync = sync;
  }

  /** `replace`: the id of the invoice the shopper explicitly wants a new one in place of (null: never replace). */
  async getOrCreate(orderId: string, req: Request, replace: string | null = null): Promise<CreateResult> {
    const deadlineMs = this.#ctx.opts.createDeadlineMs;
    const key = `${orderId}\n${replace ?? ''}`;
    let attempt = this.#inflight.get(key);
    const joined = attempt !== undefined;
    if (!attempt) {
      attempt = this.#run(orderId, req, performance.now() + deadlineMs, replace).finally(() =>
        this.#inflight.delete(key),
      );
      // The shopper may have been answered INVOICE_PENDING already; the attempt's own failure is theirs to retry.
      attempt.catch(() => {});
      this.#inflight.set(key, attempt);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(pending()), deadlineMs);
    });
    try {
      const result = await Promise.race([attempt, late]);
      return joined ? { ...result, created: false } : result;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The invoice to answer with, or null when a new one is to be made: the order's latest invoice whatever its state
   * (an expired one may still take a late payment, so it is never silently replaced), unless the shopper asked to
   * replace exactly that one and it is expired or declined. Asked to replace an open or paid one, refuses.
   */
  async #current(orderId: string, replace: string | null): Promise<InvoiceRecord | null> {
    const { store, opts } = this.#ctx;
    let latest = await store.latestInvoiceForOrder(orderId);
    // Past its expiry but not yet reported expired, or to be replaced: ask BitPay before deciding.
    if (latest && latest.status === 'new' && (latest.view.expirationTime <= opts.now() || replace === latest.id)) {
      await this.#sync.refresh(latest.id).catch(() => {});
      latest = await store.getInvoice(latest.id);
    }
    // Replacing an older invoice, or one replaced meanwhile (a double click, another tab): the current one.
    if (!latest || replace !== latest.id) return latest;
    if (isReplaceable(latest.status)) return null;
    throw new AdapterError(
      'INVOICE_NOT_REPLACEABLE',
      `Invoice ${latest.id} of order ${orderId} is ${latest.status}: it can still be paid, or is paid.`,
    );
  }

  async #run(orderId: string, req: Request, until: number, replace: string | null): Promise<CreateResult> {
    const { store, opts } = this.#ctx;
    const order = await resolveOrderChecked(opts.resolveOrder, orderId, req);
    if (!order) throw new AdapterError('ORDER_NOT_FOUND', `No order ${orderId}.`);
    for (;;) {
      const open = await this.#current(orderId, replace);
      if (open) return { record: open, created: false };
      if (order.payable === false) throw new AdapterError('ORDER_NOT_PAYABLE', `Order ${orderId} cannot be paid now.`);
      const claim = await store.claimOrder(orderId, randomUUID(), opts.now(), opts.createLeaseMs);
      if (claim.won) {
        const record = await this.#make(orderId, order, claim.guid, claim.resumed);
        if (record) return { record, created: true };
      }
      // Another request (maybe another instance) is creating it: wait for its invoice, up to the deadline.
      if (performance.now() >= until) throw pending();
      if (!claim.won) await sleep(25 + Math.random() * 50);
    }
  }

  /** Null when the order must be claimed again (the claim was lost, or its guid names another order's invoice). */
  async #make(orderId: string, order: OrderDetails, guid: string, resumed: boolean): Promise<InvoiceRecord | null> {
    const { client, store, opts } = this.#ctx;
    if (resumed) {
      const found = await this.#lookup(orderId, guid);
      if (found) {
        if (found.orderId === orderId && Number(found.price) === order.price && found.currency === order.currency) {
          return this.#attach(orderId, guid, found, order.price, order.currency, order.receiptUrl ?? null);
        }
        // Made by an earlier attempt for a price the order no longer has: never shown, so start over.
        opts.logger.warn(
          `Invoice ${String(found.id)} made for order ${orderId} no longer matches it; a new one is made.`,
        );
        await store.releaseClaim(orderId, guid, true);
        return null;
      }
    }
    let invoice: UpstreamInvoice;
    try {
      invoice = (await client.createInvoice(
        {
          price: order.price,
          currency: order.currency,
          orderId,
          ...(order.itemDesc === undefined ? {} : { itemDesc: order.itemDesc }),
          ...(opts.notificationURL === null ? {} : { notificationURL: opts.notificationURL }),
          ...(order.redirectURL === undefined ? {} : { redirectURL: order.redirectURL }),
          ...(order.buyer === undefined ? {} : { buyer: order.buyer }),
          extendedNotifications: true,
          transactionSpeed: opts.transactionSpeed,
          guid,
        },
        { facade: opts.facade },
      )) as UpstreamInvoice;
    } catch (err) {
      // The guid stays with the order: BitPay may have made the invoice although we saw no answer.
      await store.releaseClaim(orderId, guid);
      throw fromUpstream(err, 'creating the invoice');
    }
    return this.#attach(orderId, guid, invoice, order.price, order.currency, order.receiptUrl ?? null);
  }

  /** The invoice BitPay made with this guid, or null when it made none. */
  async #lookup(orderId: string, guid: string): Promise<UpstreamInvoice | null> {
    try {
      return (await this.#ctx.client.getInvoiceByGuid(guid, { facade: this.#ctx.opts.facade })) as UpstreamInvoice;
    } catch (err) {
      if (isUpstreamNotFound(err)) return null;
      await this.#ctx.store.releaseClaim(orderId, guid);
      throw fromUpstream(err, 'looking the invoice up');
    }
  }

  async #attach(
    orderId: string,
    guid: string,
    invoice: UpstreamInvoice,
    price: number,
    currency: string,
    receiptUrl: string | null,
  ): Promise<InvoiceRecord | null> {
    const { store, opts } = this.#ctx;
    if (typeof invoice.id !== 'string' || !INVOICE_ID.test(invoice.id)) {
      await store.releaseClaim(orderId, guid);
      throw new AdapterError('UPSTREAM_ERROR', 'BitPay returned an invoice without a usable id.');
    }
    const now = opts.now();
    const view = buildView(invoice, {
      orderId,
      price,
      currency,
      receiptUrl,
      refund: null,
      fetchedAt: now,
      monitoringWindowMs: opts.monitoringWindowMs,
    });
    const record = firstRecord({ id: invoice.id, orderId, guid, facade: opts.facade, price, currency }, view, now);
    // False when our lease ran out and another creator attached an invoice meanwhile: use theirs.
    return (await store.completeClaim(record)) ? record : null;
  }

  /**
   * Start-up recovery: an order claimed by an attempt that never attached an invoice (the process died while
   * BitPay was creating it) gets the invoice BitPay made under the claim's guid, if any. A claim whose lease is
   * still held is looked at again when it ends; one BitPay has nothing for is resumed, same guid, by the next attempt.
   */
  async recover(): Promise<void> {
    const { store, opts } = this.#ctx;
    let claims: OrderClaim[];
    try {
      claims = await store.unfinishedClaims(500);
    } catch (err) {
      opts.logger.warn(`Recovery of unfinished invoice creations failed: ${describeError(err)}.`);
      return;
    }
    await Promise.all(claims.map((c) => this.#recoverClaim(c, true)));
  }

  async #recoverClaim(claim: OrderClaim, again: boolean): Promise<void> {
    const { client, store, opts } = this.#ctx;
    if (this.#closed) return;
    try {
      const current = await store.getClaim(claim.orderId);
      if (!current || current.guid !== claim.guid || current.invoiceId !== null) return;
      let found: UpstreamInvoice | null = null;
      try {
        found = (await client.getInvoiceByGuid(claim.guid, { facade: opts.facade })) as UpstreamInvoice;
      } catch (err) {
        if (!isUpstreamNotFound(err)) throw err;
      }
      if (found && found.orderId === claim.orderId) {
        // Made by us with this guid, so its price is what resolveOrder said then.
        const price = Number(found.price);
        const currency = String(found.currency);
        if (await this.#attach(claim.orderId, claim.guid, found, price, currency, null)) {
          opts.logger.info(`Order ${claim.orderId}: adopted invoice ${found.id}, made before a restart.`);
        }
        return;
      }
      const wait = current.leaseUntil - opts.now();
      if (again && wait > 0) {
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          void this.#recoverClaim(current, false);
        }, wait + 100);
        timer.unref();
        this.#timers.add(timer);
      }
    } catch (err) {
      opts.logger.warn(`Order ${claim.orderId}: recovery of its invoice creation failed: ${describeError(err)}.`);
    }
  }

  close(): void {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
