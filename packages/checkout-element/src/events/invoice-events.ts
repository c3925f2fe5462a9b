import {
  ELEMENT_EVENTS as E,
  type ExceptionStatus,
  type InvoiceStatus,
  type InvoiceView,
} from '@bitpay-checkout/contract';
import type { CheckoutError } from '../api/checkout-error.js';

/** Base of the element's events: bubbling and composed, so they cross shadow roots to the page. */
abstract class CheckoutEvent extends Event {
  constructor(type: string) {
    super(type, { bubbles: true, composed: true });
  }
}

/** Base of the events about an invoice; `invoice` is the view that caused it. */
export abstract class InvoiceEvent extends CheckoutEvent {
  constructor(
    type: string,
    readonly invoice: InvoiceView,
  ) {
    super(type);
  }
}

/** `bitpay-invoice-ready`: an invoice was loaded and is on screen (first view of each invoice). */
export class InvoiceReadyEvent extends InvoiceEvent {
  constructor(invoice: InvoiceView) {
    super(E.ready, invoice);
  }
}

/** `bitpay-status-change`: the invoice's status or exception status changed. */
export class StatusChangeEvent extends InvoiceEvent {
  constructor(
    invoice: InvoiceView,
    readonly previousStatus: InvoiceStatus,
    readonly previousExceptionStatus: ExceptionStatus,
  ) {
    super(E.statusChange, invoice);
  }
}

/** `bitpay-invoice-paid`: the full amount was seen (`paid`, or straight to `confirmed`/`complete`). Not final yet. */
export class InvoicePaidEvent extends InvoiceEvent {
  constructor(invoice: InvoiceView) {
    super(E.paid, invoice);
  }
}

/** `bitpay-invoice-confirmed`: the payment reached the merchant's confirmation threshold: fulfil the order. */
export class InvoiceConfirmedEvent extends InvoiceEvent {
  constructor(invoice: InvoiceView) {
    super(E.confirmed, invoice);
  }
}

/** `bitpay-invoice-complete`: the payment was credited to the merchant. */
export class InvoiceCompleteEvent extends InvoiceEvent {
  constructor(invoice: InvoiceView) {
    super(E.complete, invoice);
  }
}

/** `bitpay-invoice-expired`: the invoice expired (a partly paid one is refunded by BitPay). */
export class InvoiceExpiredEvent extends InvoiceEvent {
  constructor(invoice: InvoiceView) {
    super(E.expired, invoice);
  }
}

/** `bitpay-invoice-refunded`: BitPay sent the shopper's refund (`invoice.refund.status` is `success`), so the page can say so. */
export class InvoiceRefundedEvent extends InvoiceEvent {
  constructor(invoice: InvoiceView) {
    super(E.refunded, invoice);
  }
}

/** `bitpay-checkout-error`: loading or following the invoice failed; `error.code` says why. */
export class CheckoutErrorEvent extends CheckoutEvent {
  constructor(readonly error: CheckoutError) {
    super(E.error);
  }
}

/** `bitpay-modal-open`: the modal opened. */
export class ModalOpenEvent extends CheckoutEvent {
  constructor() {
    super(E.modalOpen);
  }
}

/** `bitpay-modal-close`: the modal closed. Closing is not an outcome: the invoice stays payable. */
export class ModalCloseEvent extends CheckoutEvent {
  constructor(readonly invoice: InvoiceView | null) {
    super(E.modalClose);
  }
}

/** `bitpay-currency-select`: the shopper picked another currency. */
export class CurrencySelectEvent extends CheckoutEvent {
  constructor(readonly currency: string) {
    super(E.currencySelect);
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
    'bitpay-invoice-refunded': InvoiceRefundedEvent;
    'bitpay-checkout-error': CheckoutErrorEvent;
    'bitpay-modal-open': ModalOpenEvent;
    'bitpay-modal-close': ModalCloseEvent;
    'bitpay-currency-select': CurrencySelectEvent;
  }
}
