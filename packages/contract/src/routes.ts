/** The adapter's routes, relative to where the merchant mounts it (`/bitpay` by default). */
export const ROUTES = {
  /** `POST {orderId}`: the order's open invoice, or a new one. */
  invoices: '/invoices',
  /** `GET`: the public view. */
  invoice: '/invoices/:id',
  /** `GET`: Server-Sent Events of the view. */
  events: '/invoices/:id/events',
  /** `GET`: the QR code of a payment currency (`?currency=`), SVG. */
  qr: '/invoices/:id/qr.svg',
  /** `POST`: BitPay's instant payment notifications. */
  ipn: '/ipn',
  /** `GET`: the script-tag bundle; its locale chunks are under `/checkout/`. */
  bundle: '/checkout.js',
  /** `GET`: the classic-script drop-in for BitPay's modal script (`window.bitpay`), beside the bundle. */
  dropIn: '/bitpay.js',
  health: '/healthz',
} as const;

/** Default mount point. */
export const DEFAULT_MOUNT = '/bitpay';

/** A route with its `:id` filled in (encoded), e.g. `invoicePath(ROUTES.events, id)`. */
export function invoicePath(route: string, id: string): string {
  return route.replace(':id', encodeURIComponent(id));
}

/** Name of the Server-Sent Event that carries an invoice view (`data` is the view's JSON, `id` its sequence). */
export const SSE_INVOICE_EVENT = 'invoice';
