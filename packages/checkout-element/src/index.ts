// The package's public API: the element, its errors and events, and the view type they carry.
// The HTTP client and view helpers inside are not part of it.
export type {
  ExceptionStatus,
  InvoiceStatus,
  InvoiceView,
  PaymentCurrency,
  RefundView,
} from '@bitpay-checkout/contract';
export { CheckoutError, type CheckoutErrorCode } from './api/checkout-error.js';
export { BitpayCheckout, type CheckoutMode, type CheckoutTheme } from './checkout/checkout.js';
export {
  CheckoutErrorEvent,
  CurrencySelectEvent,
  InvoiceCompleteEvent,
  InvoiceConfirmedEvent,
  InvoiceEvent,
  InvoiceExpiredEvent,
  InvoicePaidEvent,
  InvoiceReadyEvent,
  InvoiceRefundedEvent,
  ModalCloseEvent,
  ModalOpenEvent,
  StatusChangeEvent,
} from './events/invoice-events.js';
export { SUPPORTED_LOCALES } from './i18n/locales.js';
export { setLocaleBase } from './i18n/translate.js';
