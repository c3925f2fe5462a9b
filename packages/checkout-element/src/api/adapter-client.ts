import { type InvoiceView, invoicePath, ROUTES } from '@bitpay-checkout/contract';
import { CheckoutError } from './checkout-error.js';

/** A view and when it was asked for and received (local clock), for skew correction. */
export interface Timed<T> {
  value: T;
  sentAt: number;
  receivedAt: number;
}

function isView(body: unknown): body is InvoiceView {
  const v = body as InvoiceView | null;
  return !!v && typeof v.id === 'string' && typeof v.status === 'string' && Array.isArray(v.paymentCurrencies);
}

async function call(url: string, init: RequestInit): Promise<Timed<InvoiceView>> {
  const sentAt = Date.now();
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new CheckoutError('NETWORK_ERROR', url);
  }
  const body: unknown = await res.json().catch(() => null);
  const receivedAt = Date.now();
  if (!res.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof error?.code === 'string' ? error.code : res.status >= 500 ? 'UPSTREAM_ERROR' : 'BAD_RESPONSE';
    // Retry-After in seconds (the adapter's form); an HTTP date is turned into seconds from now.
    const after = res.headers.get('retry-after');
    const seconds =
      after === null ? Number.NaN : /^\d+$/.test(after) ? Number(after) : (Date.parse(after) - Date.now()) / 1000;
    throw new CheckoutError(
      code,
      typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`,
      res.status,
      Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : null,
    );
  }
  if (!isView(body)) throw new CheckoutError('BAD_RESPONSE', url, res.status);
  return { value: body, sentAt, receivedAt };
}

/** Joins the endpoint (absolute or relative, with or without a trailing slash) and a path. */
export function route(endpoint: string, path: string): string {
  return endpoint.replace(/\/+$/, '') + path;
}

/**
 * `POST /invoices {orderId, qr}`: the order's open invoice, or a new one, with the QR of currency `qr` (`*`: the
 * default one) inline. With `replace` (the id of an expired invoice) the shopper asks explicitly for a new invoice
 * in its place; without it the adapter keeps returning it.
 */
export function openInvoice(
  endpoint: string,
  orderId: string,
  signal?: AbortSignal,
  replace?: string,
  qr?: string,
): Promise<Timed<InvoiceView>> {
  return call(route(endpoint, ROUTES.invoices), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId, replace, qr }),
    signal,
  });
}

/** `GET /invoices/:id`, with the QR of currency `qr` inline when given. */
export function getInvoice(
  endpoint: string,
  id: string,
  signal?: AbortSignal,
  qr?: string,
): Promise<Timed<InvoiceView>> {
  const path = invoicePath(ROUTES.invoice, id) + (qr ? `?qr=${encodeURIComponent(qr)}` : '');
  return call(route(endpoint, path), { signal });
}

/** URL of the invoice's Server-Sent Events stream. */
export function eventsUrl(endpoint: string, id: string): string {
  return route(endpoint, invoicePath(ROUTES.events, id));
}
