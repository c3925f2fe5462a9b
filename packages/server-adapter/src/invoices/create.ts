import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Request } from 'express';
import { AdapterError } from '../errors/errors.js';
import { fromUpstream } from '../errors/upstream.js';
import { DEFAULT_CREATE_LEASE_MS } from '../options/defaults.js';
import type { OrderDetails } from '../options/types.js';
import { isReplaceable } from '../state/machine.js';
import type { InvoiceRecord } from '../store/types.js';
import { buildView, type UpstreamInvoice } from '../view/public-view.js';
import type { AdapterContext } from './context.js';
import { resolveOrderChecked } from './order.js';
import type { InvoiceSync } from './sync.js';

export interface CreateResult {
  record: InvoiceRecord;
  created: boolean;
}

/**
 * POST /invoices behind the scenes: the order's open invoice if it has one, else a new one at BitPay.
 * At most one open invoice per order: concurrent requests in this process share one attempt, and across
 * processes the store's order claim lets one creator through while the others wait for its invoice.
 */
export class InvoiceCreator {
  readonly #ctx: AdapterContext;
  readonly #sync: InvoiceSync;
  readonly #inflight = new Map<string, Promise<CreateResult>>();

  constructor(ctx: AdapterContext, sync: InvoiceSync) {
    this.#ctx = ctx;
    this.#sync = sync;
  }

  async getOrCreate(orderId: string, req: Request): Promise<CreateResult> {
    const running = this.#inflight.get(orderId);
    if (running) return { ...(await running), created: false };
    const attempt = this.#run(orderId, req).finally(() => this.#inflight.delete(orderId));
    this.#inflight.set(orderId, attempt);
    return attempt;
  }

  async #current(orderId: string): Promise<InvoiceRecord | null> {
    const { store, opts } = this.#ctx;
    let latest = await store.latestInvoiceForOrder(orderId);
    // Past its expiry but not yet reported expired: ask BitPay before handing it out again.
    if (latest && latest.status === 'new' && latest.view.expirationTime <= opts.now()) {
      await this.#sync.refresh(latest.id).catch(() => {});
      latest = await store.getInvoice(latest.id);
    }
    return latest && !isReplaceable(latest.status) ? latest : null;
  }

  async #run(orderId: string, req: Request): Promise<CreateResult> {
    const { store, opts } = this.#ctx;
    const order = await resolveOrderChecked(opts.resolveOrder, orderId, req);
    if (!order) throw new AdapterError('ORDER_NOT_FOUND', `No order ${orderId}.`);
    const deadline = opts.now() + DEFAULT_CREATE_LEASE_MS + 5000;
    while (opts.now() < deadline) {
      const open = await this.#current(orderId);
      if (open) return { record: open, created: false };
      if (order.payable === false) throw new AdapterError('ORDER_NOT_PAYABLE', `Order ${orderId} cannot be paid now.`);
      const guid = randomUUID();
      const claim = await store.claimOrder(orderId, guid, opts.now(), DEFAULT_CREATE_LEASE_MS);
      if (claim.won) {
        const record = await this.#create(orderId, order, guid);
        if (record) return { record, created: true };
        continue;
      }
      // Another request (maybe another instance) is creating it: wait for its invoice.
      await sleep(25 + Math.random() * 50);
    }
    throw new AdapterError('UPSTREAM_UNAVAILABLE', 'The invoice for this order is still being created; retry shortly.');
  }

  async #create(orderId: string, order: OrderDetails, guid: string): Promise<InvoiceRecord | null> {
    const { client, store, opts } = this.#ctx;
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
      await store.releaseClaim(orderId, guid);
      throw fromUpstream(err, 'creating the invoice');
    }
    if (typeof invoice.id !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(invoice.id)) {
      await store.releaseClaim(orderId, guid);
      throw new AdapterError('UPSTREAM_ERROR', 'BitPay returned an invoice without a usable id.');
    }
    const now = opts.now();
    const view = buildView(invoice, {
      orderId,
      price: order.price,
      currency: order.currency,
      receiptUrl: order.receiptUrl ?? null,
      refund: null,
      fetchedAt: now,
    });
    const record: InvoiceRecord = {
      id: invoice.id,
      orderId,
      guid,
      facade: opts.facade,
      price: order.price,
      currency: order.currency,
      status: view.status,
      exceptionStatus: view.exceptionStatus,
      confirmations: view.confirmations,
      seq: 1,
      view,
      refundId: null,
      createdAt: now,
      updatedAt: now,
    };
    // False when our lease ran out and another creator took the order meanwhile: use theirs.
    return (await store.completeClaim(record)) ? record : null;
  }
}
