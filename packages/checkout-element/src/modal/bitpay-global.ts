import type { BitpayCheckout } from '../checkout/checkout.js';
import type { StatusChangeEvent } from '../events/invoice-events.js';

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

/**
 * Installs `window.bitpay` once. Status changes are also posted to the page as
 * `{invoiceId, status}` messages, as BitPay's invoice frame does, so existing `message` listeners
 * that wait for `status === 'paid'` keep working.
 */
export function installBitpayGlobal(win: Window = window): BitpayModalApi {
  if (win.bitpay) return win.bitpay;
  let enter: (() => void) | undefined;
  let leave: (() => void) | undefined;
  let endpoint = '/bitpay';
  let element: BitpayCheckout | undefined;

  const ensure = (): BitpayCheckout => {
    if (!element) {
      element = win.document.createElement('bitpay-checkout');
      element.mode = 'modal';
      element.addEventListener('bitpay-modal-open', () => enter?.());
      element.addEventListener('bitpay-modal-close', () => leave?.());
      element.addEventListener('bitpay-status-change', (event: StatusChangeEvent) => {
        win.postMessage({ invoiceId: event.invoice.id, status: event.invoice.status }, win.location.origin);
      });
      win.document.body.append(element);
    }
    return element;
  };

  const api: BitpayModalApi = {
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
  win.bitpay = api;
  return api;
}
