/** The DOM events `<bitpay-checkout>` fires (bubbling, composed), by what they mean. */
export const ELEMENT_EVENTS = {
  ready: 'bitpay-invoice-ready',
  statusChange: 'bitpay-status-change',
  paid: 'bitpay-invoice-paid',
  confirmed: 'bitpay-invoice-confirmed',
  complete: 'bitpay-invoice-complete',
  expired: 'bitpay-invoice-expired',
  refunded: 'bitpay-invoice-refunded',
  error: 'bitpay-checkout-error',
  modalOpen: 'bitpay-modal-open',
  modalClose: 'bitpay-modal-close',
  currencySelect: 'bitpay-currency-select',
} as const;

export type ElementEventName = (typeof ELEMENT_EVENTS)[keyof typeof ELEMENT_EVENTS];
