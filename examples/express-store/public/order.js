// Keeps the order page's status line in step with the checkout element's live events, with the
// labels the server rendered it with (data-labels), so both say the same thing.
const line = document.querySelector('[data-testid="order-status"]');
const labels = JSON.parse(line?.dataset.labels ?? '{}');
function show(event) {
  const invoice = event.invoice;
  if (!line || !invoice) return;
  // As the server's orderStatusOf (src/status.ts): a new invoice is "pending", or "partial" once partly
  // paid; otherwise orders take their invoice's status.
  let status = invoice.status;
  if (invoice.refund?.status === 'success') status = 'refunded';
  else if (status === 'new') status = invoice.exceptionStatus === 'paidPartial' ? 'partial' : 'pending';
  if (!Object.hasOwn(labels, status)) return; // never a blank or raw status line
  line.dataset.status = status;
  line.textContent = labels[status];
}
document.addEventListener('bitpay-invoice-ready', show);
document.addEventListener('bitpay-status-change', show);
