export { type CheckoutAdapter, createCheckoutAdapter } from './adapter.js';
export { ADAPTER_ERROR_CODES, AdapterError, type AdapterErrorCode, HTTP_STATUS } from './errors/errors.js';
export { signIpn, verifyIpnSignature } from './ipn/signature.js';
export { consoleLogger, type Logger, silentLogger } from './log/logger.js';
export * from './options/defaults.js';
export type {
  CheckoutAdapterOptions,
  IpnOptions,
  OnStatusChange,
  OrderDetails,
  OutboxOptions,
  RateLimitOptions,
  ResolveOrder,
} from './options/types.js';
export type { RefundOptions, RefundResult } from './refunds/refund.js';
export { type MemoryStoreOptions, memoryStore } from './store/memory.js';
export type {
  ClaimResult,
  Facade,
  InvoiceRecord,
  IpnOutcome,
  IpnRecord,
  NewIpn,
  OrderClaim,
  OutboxEntry,
  OutboxRow,
  StatusChangeEvent,
  Store,
} from './store/types.js';
export type {
  ExceptionStatus,
  InvoiceStatus,
  PaymentCurrencyView,
  PublicInvoiceView,
  RefundStatus,
  RefundView,
} from './view/types.js';
