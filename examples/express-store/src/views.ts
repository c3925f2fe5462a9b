import { formatCents, type Product } from './catalog.js';
import { type Html, html } from './html.js';
import type { Order } from './orders.js';
import { type OrderStatus, REFUNDABLE } from './status.js';

export interface CartLine {
  product: Product;
  quantity: number;
}

const STATUS_LABEL: Record<OrderStatus, string> = {
  pending: 'Awaiting payment',
  partial: 'Partly paid, waiting for the rest',
  paid: 'Paid, waiting for confirmation',
  confirmed: 'Payment confirmed',
  complete: 'Payment complete',
  expired: 'Invoice expired',
  invalid: 'Payment invalid',
  declined: 'Payment declined',
  refunded: 'Refunded',
};

function layout(title: string, body: Html, { cartCount = 0, head = html`` } = {}): string {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · Satoshi Supply</title>
    <link rel="stylesheet" href="/static/store.css" />
    ${head}
  </head>
  <body>
    <header class="top">
      <a class="brand" href="/">Satoshi Supply</a>
      <nav><a href="/cart" data-testid="cart-link">Cart (${cartCount})</a></nav>
    </header>
    <main>${body}</main>
    <footer>A demo store for bitpay-checkout. Payments go to the local BitPay sandbox unless configured otherwise.</footer>
  </body>
</html>`.value;
}

export function productsPage(products: readonly Product[], cartCount: number): string {
  return layout(
    'Products',
    html`<h1>Products</h1>
      <ul class="products">
        ${products.map(
          (p) => html`<li class="product" data-product-id="${p.id}">
            <span class="emoji" aria-hidden="true">${p.emoji}</span>
            <h2>${p.name}</h2>
            <p>${p.description}</p>
            <p class="price">${formatCents(p.priceCents)}</p>
            <form method="post" action="/cart">
              <input type="hidden" name="productId" value="${p.id}" />
              <label>Quantity <input type="number" name="quantity" value="1" min="1" max="99" /></label>
              <button type="submit">Add to cart</button>
            </form>
          </li>`,
        )}
      </ul>`,
    { cartCount },
  );
}

export function cartPage(lines: CartLine[]): string {
  const count = lines.reduce((n, l) => n + l.quantity, 0);
  const total = lines.reduce((sum, l) => sum + l.product.priceCents * l.quantity, 0);
  const body = lines.length
    ? html`<h1>Your cart</h1>
        <table class="lines">
          <thead><tr><th scope="col">Product</th><th scope="col">Quantity</th><th scope="col">Amount</th><th scope="col"><span class="sr-only">Remove</span></th></tr></thead>
          <tbody>
            ${lines.map(
              (l) => html`<tr>
                <td>${l.product.name}</td>
                <td>${l.quantity}</td>
                <td>${formatCents(l.product.priceCents * l.quantity)}</td>
                <td>
                  <form method="post" action="/cart/remove">
                    <input type="hidden" name="productId" value="${l.product.id}" />
                    <button type="submit" class="link">Remove</button>
                  </form>
                </td>
              </tr>`,
            )}
          </tbody>
          <tfoot><tr><th scope="row" colspan="2">Total</th><td data-testid="cart-total">${formatCents(total)}</td><td></td></tr></tfoot>
        </table>
        <form method="post" action="/checkout"><button type="submit" class="primary">Check out with BitPay</button></form>`
    : html`<h1>Your cart</h1><p>Your cart is empty. <a href="/">Browse the products.</a></p>`;
  return layout('Cart', body, { cartCount: count });
}

export function orderPage(order: Order, endpoint: string): string {
  // The checkout comes first (it is what the shopper came to do); the order lines follow, collapsed.
  // The element's status is the one live region: the store's status line updates silently beside it.
  return layout(
    `Order ${order.id}`,
    html`<h1 class="order-title">Order ${order.id}</h1>
      <bitpay-checkout order-id="${order.id}" endpoint="${endpoint}"></bitpay-checkout>
      <p
        class="status"
        data-testid="order-status"
        data-status="${order.status}"
        data-labels="${JSON.stringify(STATUS_LABEL)}"
      >${STATUS_LABEL[order.status]}</p>
      <details class="order-lines">
        <summary>Order details · ${formatCents(order.totalCents, order.currency)}</summary>
        <table class="lines">
          <tbody>
            ${order.items.map(
              (i) =>
                html`<tr><td>${i.name}</td><td>× ${i.quantity}</td><td>${formatCents(i.unitCents * i.quantity, order.currency)}</td></tr>`,
            )}
          </tbody>
          <tfoot><tr><th scope="row" colspan="2">Total</th><td>${formatCents(order.totalCents, order.currency)}</td></tr></tfoot>
        </table>
      </details>`,
    {
      head: html`<script type="module" src="${endpoint}/checkout.js"></script>
        <script type="module" src="/static/order.js"></script>`,
    },
  );
}

/** What the admin page can report after a refund click: each a stable code with its words. */
export const ADMIN_NOTICES = [
  'REFUND_REQUESTED',
  'REFUNDED',
  'REFUND_PENDING',
  'ALREADY_REFUNDED',
  'NOT_REFUNDABLE',
  'ORDER_NOT_FOUND',
  'REFUND_NOT_ALLOWED',
  'UPSTREAM_ERROR',
  'REFUND_UNCERTAIN',
  'REFUND_FAILED',
] as const;

export type AdminNotice = (typeof ADMIN_NOTICES)[number];

const NOTICE_TONE: Record<AdminNotice, 'done' | 'info' | 'error'> = {
  REFUND_REQUESTED: 'done',
  REFUNDED: 'done',
  REFUND_PENDING: 'info',
  ALREADY_REFUNDED: 'info',
  NOT_REFUNDABLE: 'error',
  ORDER_NOT_FOUND: 'error',
  REFUND_NOT_ALLOWED: 'error',
  UPSTREAM_ERROR: 'error',
  REFUND_UNCERTAIN: 'error',
  REFUND_FAILED: 'error',
};

export function noticeText(code: AdminNotice, orderId: string, order: Order | undefined): string {
  const amount = order ? formatCents(order.totalCents, order.currency) : 'the amount paid';
  const status = order ? STATUS_LABEL[order.status] : 'unknown';
  switch (code) {
    case 'REFUND_REQUESTED':
      return `Refund of ${amount} requested for order ${orderId}. BitPay has it pending; the order shows "Refunded" once BitPay has sent the money back.`;
    case 'REFUNDED':
      return `Order ${orderId} is refunded: BitPay sent ${amount} back.`;
    case 'REFUND_PENDING':
      return `Order ${orderId} already has a refund in progress, so no second refund was asked for. It shows "Refunded" once BitPay has sent the money back.`;
    case 'ALREADY_REFUNDED':
      return `Order ${orderId} is already refunded, so no second refund was asked for.`;
    case 'NOT_REFUNDABLE':
      return `Order ${orderId} cannot be refunded: it is "${status}". Only paid orders can be refunded.`;
    case 'ORDER_NOT_FOUND':
      return `There is no order ${orderId}.`;
    case 'REFUND_NOT_ALLOWED':
      return `BitPay's invoice for order ${orderId} cannot be refunded now (not paid, or it already has a refund). Nothing was refunded.`;
    case 'UPSTREAM_ERROR':
      return `BitPay refused the refund for order ${orderId}. Nothing was refunded; the invoice in BitPay's dashboard says why.`;
    case 'REFUND_UNCERTAIN':
      return `BitPay did not answer in time, so the store cannot tell whether the refund for order ${orderId} was made. Check BitPay's dashboard before trying again; the button comes back in 10 minutes.`;
    case 'REFUND_FAILED':
      return `The refund for order ${orderId} could not be asked for. Nothing was refunded; try again later.`;
  }
}

function refundCell(o: Order, csrfToken: string): Html | string {
  if (o.status === 'refunded' || o.refund === 'success') return 'Refunded';
  if (o.refund === 'requesting' || o.refund === 'pending') return 'Refund pending';
  // Offered once the payment is confirmed (a bare "paid" can still fail to confirm).
  if (!REFUNDABLE.has(o.status) || o.status === 'paid') return '';
  const failed = o.refund === 'failure' || o.refund === 'cancelled' ? html`<span>Last refund failed.</span> ` : '';
  return html`${failed}<form method="post" action="/admin/orders/${o.id}/refund">
    <input type="hidden" name="csrf" value="${csrfToken}" />
    <button type="submit">Refund</button>
  </form>`;
}

export function adminPage(
  orders: Order[],
  {
    csrfToken,
    notice,
  }: { csrfToken: string; notice?: { code: AdminNotice; orderId: string; order: Order | undefined } },
): string {
  return layout(
    'Orders',
    html`<h1>Orders</h1>
      ${
        notice
          ? html`<p class="notice notice-${NOTICE_TONE[notice.code]}" role="status" data-testid="admin-notice" data-code="${notice.code}">${noticeText(notice.code, notice.orderId, notice.order)}</p>`
          : ''
      }
      <table class="lines admin-orders">
        <thead><tr><th scope="col">Order</th><th scope="col">Total</th><th scope="col">Status</th><th scope="col">Invoice</th><th scope="col">Action</th></tr></thead>
        <tbody>
          ${orders.map(
            (o) => html`<tr data-order-id="${o.id}">
              <td data-label="Order"><a href="/orders/${o.id}">${o.id}</a></td>
              <td data-label="Total">${formatCents(o.totalCents, o.currency)}</td>
              <td data-label="Status" data-status="${o.status}">${STATUS_LABEL[o.status]}</td>
              <td data-label="Invoice" class="id">${o.invoiceId ?? '—'}</td>
              <td data-label="Action">${refundCell(o, csrfToken)}</td>
            </tr>`,
          )}
        </tbody>
      </table>`,
    // For scripts: the same token the forms carry (send it as x-csrf-token).
    { head: html`<meta name="csrf-token" content="${csrfToken}" />` },
  );
}

export function messagePage(
  title: string,
  message: string,
  status = 404,
  back = { href: '/', text: 'Back to the store' },
): { status: number; body: string } {
  return {
    status,
    body: layout(title, html`<h1>${title}</h1><p>${message}</p><p><a href="${back.href}">${back.text}</a></p>`),
  };
}
