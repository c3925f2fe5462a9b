import { formatCents, type Product } from './catalog.js';
import { type Html, html } from './html.js';
import type { Order, OrderStatus } from './orders.js';

export interface CartLine {
  product: Product;
  quantity: number;
}

const STATUS_LABEL: Record<OrderStatus, string> = {
  pending: 'Awaiting payment',
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
  return layout(
    `Order ${order.id}`,
    html`<h1>Order ${order.id}</h1>
      <p
        class="status"
        data-testid="order-status"
        data-status="${order.status}"
        data-labels="${JSON.stringify(STATUS_LABEL)}"
        aria-live="polite"
      >${STATUS_LABEL[order.status]}</p>
      <table class="lines">
        <tbody>
          ${order.items.map(
            (i) =>
              html`<tr><td>${i.name}</td><td>× ${i.quantity}</td><td>${formatCents(i.unitCents * i.quantity, order.currency)}</td></tr>`,
          )}
        </tbody>
        <tfoot><tr><th scope="row" colspan="2">Total</th><td>${formatCents(order.totalCents, order.currency)}</td></tr></tfoot>
      </table>
      <bitpay-checkout order-id="${order.id}" endpoint="${endpoint}"></bitpay-checkout>`,
    {
      head: html`<script type="module" src="${endpoint}/checkout.js"></script>
        <script type="module" src="/static/order.js"></script>`,
    },
  );
}

export function adminPage(orders: Order[]): string {
  return layout(
    'Orders',
    html`<h1>Orders</h1>
      <table class="lines">
        <thead><tr><th scope="col">Order</th><th scope="col">Total</th><th scope="col">Status</th><th scope="col">Invoice</th><th scope="col">Action</th></tr></thead>
        <tbody>
          ${orders.map(
            (o) => html`<tr data-order-id="${o.id}">
              <td><a href="/orders/${o.id}">${o.id}</a></td>
              <td>${formatCents(o.totalCents, o.currency)}</td>
              <td>${STATUS_LABEL[o.status]}</td>
              <td>${o.invoiceId ?? '—'}</td>
              <td>${
                ['confirmed', 'complete'].includes(o.status)
                  ? html`<form method="post" action="/admin/orders/${o.id}/refund"><button type="submit">Refund</button></form>`
                  : ''
              }</td>
            </tr>`,
          )}
        </tbody>
      </table>`,
  );
}

export function messagePage(title: string, message: string, status = 404): { status: number; body: string } {
  return {
    status,
    body: layout(title, html`<h1>${title}</h1><p>${message}</p><p><a href="/">Back to the store</a></p>`),
  };
}
