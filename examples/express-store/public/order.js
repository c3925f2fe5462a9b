// Keeps the order page's status line in step with the checkout element's live events, with the
// labels the server rendered it with (data-labels), so both say the same thing.
const line = document.querySelector('[data-testid="order-status"]');
const labels = JSON.parse(line?.dataset.labels ?? '{}');
function show(event) {
  const invoice = event.invoice;
  if (!line || !invoice) return;
  // An order awaiting payment is "pending"; otherwise orders take their invoice's status.
  const status =
    invoice.refund?.status === 'success' ? 'refunded' : invoice.status === 'new' ? 'pending' : invoice.status;
  line.dataset.status = status;
  line.textContent = labels[status] ?? status;
}
document.addEventListener('bitpay-invoice-ready', show);
document.addEventListener('bitpay-status-change', show);
