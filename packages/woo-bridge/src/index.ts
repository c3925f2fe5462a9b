export { BRIDGE_ERROR_STATUS, BridgeError, type BridgeErrorCode } from './errors/errors.js';
export { GATEWAY_ID } from './orders/hooks.js';
export { META } from './orders/meta.js';
export {
  DEFAULT_STATUS_MAP,
  type Decision,
  decide,
  FINAL_STATUSES,
  PAYMENT_EVENTS,
  type PaymentEvent,
  type StatusMap,
} from './orders/transitions.js';
export { mintReference, type ReferenceCheck, verifyReference } from './reference/reference.js';
export { type BridgeConfig, loadConfig } from './server/config.js';
export type { PluginRoutesOptions } from './server/plugin-routes.js';
export { type RunningBridge, startBridge } from './server/serve.js';
export {
  SIGNATURE_HEADER,
  SIGNATURE_WINDOW_SECONDS,
  signedHeaders,
  signRequest,
  TIMESTAMP_HEADER,
  verifyRequest,
} from './signing/request-signature.js';
export { type WooCommerceBridge, type WooCommerceOptions, wooCommerce } from './woo-commerce.js';
