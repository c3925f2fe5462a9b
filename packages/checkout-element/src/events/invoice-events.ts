import type { CheckoutError } from '../api/checkout-error.js';
import type { ExceptionStatus, InvoiceStatus, InvoiceView } from '../api/invoice-view.js';

/** Base of the element's events: bubbling and composed, so they cross shadow roots to the page. */
class CheckoutEvent extends Event {
  constructor(type: string) {
    super(type, { bubbles: true, composed: true });
  }
}

/** Base of the events about an invoice; `invoice` is the view that caused it. */
export class InvoiceEvent extends CheckoutEvent {
  constructor(
    type: string,
    readonly invoice: InvoiceView,
  ) {
    super(type);
  }
}

/** `bitpay-invoice-ready`: an invoice was loaded and is on screen (first view of each invoice). */
export class InvoiceReadyEvent extends InvoiceEvent {}

/** `bitpay-status-change`: the invoice's status or exception status changed. */
export class StatusChangeEvent extends InvoiceEvent {
  constructor(
    invoice: InvoiceView,
    readonly previousStatus: InvoiceStatus,
    readonly previousExceptionStatus: ExceptionStatus,
  ) {
    super('bitpay-status-change', invoice);
  }
}

/** `bitpay-invoice-paid`: the full amount was seen (`paid`, or straight to `confirmed`/`complete`). Not final yet. */
export class InvoicePaidEvent extends InvoiceEvent {}

/** `bitpay-invoice-confirmed`: the payment reached the merchant's confirmation threshold: fulfil the order. */
export class InvoiceConfirmedEvent extends InvoiceEvent {}

/** `bitpay-invoice-complete`: the payment was credited to the merchant. */
export class InvoiceCompleteEvent extends InvoiceEvent {}

/** `bitpay-invoice-expired`: the invoice expired (a partly paid one is refunded by BitPay). */
export class InvoiceExpiredEvent extends InvoiceEvent {}

/** `bitpay-checkout-error`: loading or following the invoice failed; `error.code` says why. */
export class CheckoutErrorEvent extends CheckoutEvent {
  constructor(readonly error: CheckoutError) {
    super('bitpay-checkout-error');
  }
}

/** `bitpay-modal-open`: the modal opened. */
export class ModalOpenEvent extends CheckoutEvent {
  constructor() {
    super('bitpay-modal-open');
  }
}

/** `bitpay-modal-close`: the modal closed. Closing is not an outcome: the invoice stays payable. */
export class ModalCloseEvent extends CheckoutEvent {
  constructor(readonly invoice: InvoiceView | null) {
    super('bitpay-modal-close');
  }
}

/** `bitpay-currency-select`: the shopper picked another currency. */
export class CurrencySelectEvent extends CheckoutEvent {
  constructor(readonly currency: string) {
    super('bitpay-currency-select');
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bitpay-invoice-ready': InvoiceReadyEvent;
    'bitpay-status-change': StatusChangeEvent;
    'bitpay-invoice-paid': InvoicePaidEvent;
    'bitpay-invoice-confirmed': InvoiceConfirmedEvent;
    'bitpay-invoice-complete': InvoiceCompleteEvent;
    'bitpay-invoice-expired': InvoiceExpiredEvent;
    'bitpay-checkout-error': CheckoutErrorEvent;
    'bitpay-modal-open': ModalOpenEvent;
    'bitpay-modal-close': ModalCloseEvent;
    'bitpay-currency-select': CurrencySelectEvent;
  }
}
