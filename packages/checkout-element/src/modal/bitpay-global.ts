import type { InvoiceView } from '@bitpay-checkout/contract';
import type { BitpayCheckout } from '../checkout/checkout.js';
import type { InvoiceEvent } from '../events/invoice-events.js';

/** `window.bitpay`: the API of BitPay's modal script (protocol §6), backed by `<bitpay-checkout>`. */
export interface BitpayModalApi {
  /** Shows the invoice in a modal dialog. `params.animateEntrance === false` is accepted (motion follows the user's setting). */
  showInvoice(invoiceId: string, params?: { animateEntrance?: boolean }): void;
  /** Replaces the single callback run when the modal opens. */
  onModalWillEnter(fn: () => void): void;
  /** Replaces the single callback run when the modal closes. */
  onModalWillLeave(fn: () => void): void;
  /** Accepted for compatibility: the adapter decides test or production, so this changes nothing. */
  enableTestMode(enable?: boolean): void;
  /** Where the adapter is mounted (BitPay's script takes an origin here). Default `/bitpay`. */
  setApiUrlPrefix(endpoint: string): void;
  showFrame(): void;
  hideFrame(): void;
}

declare global {
  interface Window {
    bitpay?: BitpayModalApi;
  }
}

/** Statuses that mean "paid" in BitPay's `message` (its invoice frame's `{status: 'paid'}`). */
const PAID = new Set<InvoiceView['status']>(['paid', 'confirmed', 'complete']);

/**
 * The modal API, backed by one `<bitpay-checkout mode="modal">` made on first use. The invoice's status
 * is posted to the page as `{invoiceId, status}` messages, with BitPay's meaning, for the `message`
 * listeners plugins have (WooCommerce's thank-you page restores the cart unless the last one said
 * `paid`): `paid` once the invoice is paid and from then on through confirmed and complete (never
 * replaced by `confirmed`), also on the first view of an invoice already paid; other statuses as they are.
 */
export function createBitpayModal(win: Window, initialEndpoint = '/bitpay'): BitpayModalApi {
  let enter: (() => void) | undefined;
  let leave: (() => void) | undefined;
  let endpoint = initialEndpoint;
  let element: BitpayCheckout | undefined;
  let posted: string | undefined;

  const post = (event: InvoiceEvent) => {
    const { id, status } = event.invoice;
    const message = { invoiceId: id, status: PAID.has(status) ? 'paid' : status };
    const key = `${message.invoiceId}:${message.status}`;
    if (key === posted) return;
    posted = key;
    win.postMessage(message, win.location.origin);
  };

  const ensure = (): BitpayCheckout => {
    if (!element) {
      element = win.document.createElement('bitpay-checkout');
      element.mode = 'modal';
      element.addEventListener('bitpay-modal-open', () => enter?.());
      element.addEventListener('bitpay-modal-close', () => leave?.());
      element.addEventListener('bitpay-invoice-ready', post);
      element.addEventListener('bitpay-status-change', post);
      win.document.body.append(element);
    }
    return element;
  };

  return {
    showInvoice(invoiceId) {
      const el = ensure();
      el.endpoint = endpoint;
      el.invoiceId = invoiceId;
      el.show();
    },
    onModalWillEnter(fn) {
      enter = fn;
    },
    onModalWillLeave(fn) {
      leave = fn;
    },
    enableTestMode() {},
    setApiUrlPrefix(prefix) {
      endpoint = prefix;
    },
    showFrame() {
      element?.show();
    },
    hideFrame() {
      element?.close();
    },
  };
}
