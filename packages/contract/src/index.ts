export {
  CLIENT_ERROR_CODES,
  type ClientErrorCode,
  ERROR_CODES,
  ERROR_STATUS,
  type ErrorBody,
  type ErrorCode,
} from './errors.js';
export { ELEMENT_EVENTS, type ElementEventName } from './events.js';
export { DEFAULT_MOUNT, invoicePath, ROUTES, SSE_INVOICE_EVENT } from './routes.js';
export {
  FINAL_STATUSES,
  INVOICE_STATUSES,
  isFinalStatus,
  isInvoiceStatus,
  isTerminalView,
  REFUND_STATUSES,
} from './statuses.js';
export type {
  ExceptionStatus,
  InvoiceStatus,
  InvoiceView,
  PaymentCodeKind,
  PaymentCurrency,
  QrDrawing,
  RefundStatus,
  RefundView,
} from './view.js';
