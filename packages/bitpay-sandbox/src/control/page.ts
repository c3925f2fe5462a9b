import { displayUnits } from '../resources/invoices/amounts.js';
import { nextRefundStatuses } from '../resources/refunds.js';
import type { SandboxState } from '../state/state.js';
import type { Invoice, Refund } from '../state/types.js';

const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const STYLE = `body{font:14px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}button{margin:.1rem}
.muted{color:#777}code{font-size:12px}`;

// Buttons post JSON to the control surface, then reload; no framework, no external assets.
const SCRIPT = `async function act(path, body){const r=await fetch(path,{method:'POST',headers:{'content-type':'application/json'},
body:JSON.stringify(body||{})});if(!r.ok){const t=await r.text();alert(t)}location.reload()}`;

const button = (label: string, path: string, body: object) =>
  `<button onclick='act(${esc(JSON.stringify(path))},${esc(JSON.stringify(body))})'>${esc(label)}</button>`;

function actions(inv: Invoice): string {
  const id = esc(inv.id);
  return [
    button('Pay full', `/sandbox/invoices/${id}/pay`, { amount: 'full' }),
    button('Pay partial', `/sandbox/invoices/${id}/pay`, { amount: 'partial' }),
    button('Pay over', `/sandbox/invoices/${id}/pay`, { amount: 'over' }),
    button('+1 confirmation', `/sandbox/invoices/${id}/confirmations`, { count: 1 }),
    ...(['confirmed', 'complete', 'invalid', 'declined', 'expired'] as const).map((s) =>
      button(`→ ${s}`, `/sandbox/invoices/${id}/status`, { status: s }),
    ),
  ].join(' ');
}

function row(inv: Invoice): string {
  const paid = inv.transactionCurrency
    ? `${displayUnits(inv.amountPaid, inv.transactionCurrency)} ${inv.transactionCurrency}`
    : '';
  return `<tr><td><a href="/invoice?id=${esc(inv.id)}"><code>${esc(inv.id)}</code></a><br><span class="muted">${esc(
    inv.echo.orderId,
  )}</span></td><td>${esc(inv.price)} ${esc(inv.currency)}</td><td><b>${esc(inv.status)}</b>${
    inv.exceptionStatus ? ` (${esc(inv.exceptionStatus)})` : ''
  }</td><td>${esc(paid)}</td><td>${actions(inv)}</td></tr>`;
}

function refundRow(r: Refund): string {
  const moves = nextRefundStatuses(r).map((s) => button(`→ ${s}`, `/sandbox/refunds/${r.id}/status`, { status: s }));
  return `<tr><td><code>${esc(r.id)}</code>${r.reference ? `<br><span class="muted">${esc(r.reference)}</span>` : ''}</td>
<td><a href="/invoice?id=${esc(r.invoiceId)}"><code>${esc(r.invoiceId)}</code></a></td><td>${esc(r.amount)} ${esc(
    r.currency,
  )}</td><td><b>${esc(r.status)}</b></td><td>${moves.join(' ') || '<span class="muted">none</span>'}</td></tr>`;
}

/** A refunds table with the buttons that finish each one (a preview waits for the merchant's PUT status=created). */
function refundTable(refunds: Refund[]): string {
  if (refunds.length === 0) return '';
  return `<h2>Refunds</h2><table><thead><tr><th>Refund</th><th>Invoice</th><th>Amount</th><th>Status</th><th>Actions</th></tr></thead>
<tbody>${refunds.map(refundRow).join('')}</tbody></table>`;
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style>
<script>${SCRIPT}</script></head><body>${body}</body></html>`;
}

/** `/sandbox`: every invoice with buttons for the control actions, plus the clock. */
export function sandboxPage(state: SandboxState): string {
  const rows = [...state.invoices.values()].reverse().map(row).join('');
  const clock = new Date(state.now()).toISOString();
  return layout(
    'BitPay sandbox',
    `<h1>BitPay sandbox</h1><p>Sandbox clock: <code>${esc(clock)}</code>
<button onclick="act('/sandbox/clock',{advanceMs:600000})">+10 min (1 BTC block)</button>
<button onclick="act('/sandbox/clock',{advanceMs:3600000})">+1 hour</button>
<a href="/sandbox/ipns">IPN deliveries (JSON)</a></p>
<table><thead><tr><th>Invoice</th><th>Price</th><th>Status</th><th>Paid</th><th>Actions</th></tr></thead>
<tbody>${rows || '<tr><td colspan="5" class="muted">No invoices yet.</td></tr>'}</tbody></table>
${refundTable([...state.refunds.values()].reverse())}`,
  );
}

/** `/invoice?id=`: the page a merchant's fallback link opens (read-only view plus the same buttons). */
export function invoicePage(state: SandboxState, inv: Invoice | undefined): string {
  if (!inv) return layout('Invoice not found', '<h1>Invoice not found</h1>');
  const lines = inv.enabled
    .map((c) => `<tr><td>${esc(c)}</td><td>${esc(displayUnits(inv.amounts.get(c)!.total, c))}</td></tr>`)
    .join('');
  return layout(
    `Invoice ${inv.id}`,
    `<h1>${esc(inv.echo.merchantName ?? state.merchantName)}</h1>
<p>Invoice <code>${esc(inv.id)}</code>: ${esc(inv.price)} ${esc(inv.currency)} ${esc(inv.echo.itemDesc ?? '')}</p>
<p>Status: <b>${esc(inv.status)}</b>${inv.exceptionStatus ? ` (${esc(inv.exceptionStatus)})` : ''}; expires
${esc(new Date(inv.expirationTime).toISOString())}</p>
<table><thead><tr><th>Currency</th><th>Total due</th></tr></thead><tbody>${lines}</tbody></table>
<p>${actions(inv)}</p>${refundTable([...state.refunds.values()].filter((r) => r.invoiceId === inv.id).reverse())}
<p><a href="/sandbox">All invoices</a></p>`,
  );
}
