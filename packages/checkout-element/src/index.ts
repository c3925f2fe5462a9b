export { eventsUrl, getInvoice, openInvoice, route, type Timed } from './api/adapter-client.js';
export { CheckoutError, type CheckoutErrorCode } from './api/checkout-error.js';
export type {
  ExceptionStatus,
  InvoiceStatus,
  InvoiceView,
  PaymentCurrency,
  RefundView,
} from './api/invoice-view.js';
export { BitpayCheckout, type CheckoutMode, type CheckoutTheme } from './checkout/checkout.js';
export { isTerminal, paymentUri, type ViewKind, type ViewState, viewState } from './checkout/view-state.js';
export {
  CheckoutErrorEvent,
  CurrencySelectEvent,
  InvoiceCompleteEvent,
  InvoiceConfirmedEvent,
  InvoiceEvent,
  InvoiceExpiredEvent,
  InvoicePaidEvent,
  InvoiceReadyEvent,
  ModalCloseEvent,
  ModalOpenEvent,
  StatusChangeEvent,
} from './events/invoice-events.js';
export type { Messages } from './i18n/en.js';
export { isRtl, matchLocale, SUPPORTED_LOCALES } from './i18n/locales.js';
export { setLocaleBase } from './i18n/translate.js';
