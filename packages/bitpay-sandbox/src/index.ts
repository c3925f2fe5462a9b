export { ApiError, SandboxError } from './errors.js';
export { INVOICE_EVENTS, RETRY_OFFSETS_MS } from './ipn/events.js';
export type { IpnDelivery } from './ipn/sender.js';
export { ipnSignature } from './ipn/sign.js';
export { DEFAULT_HOST, DEFAULT_PORT, type SandboxOptions } from './options.js';
export { type Sandbox, startSandbox } from './sandbox.js';
