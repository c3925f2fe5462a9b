import type { Route } from '../http/router.js';
import type { SandboxState } from '../state/state.js';
import { billRoutes } from './bills.js';
import { invoiceRoutes } from './invoices/routes.js';
import { ledgerRoutes } from './ledgers.js';
import { payoutRoutes } from './payouts.js';
import { publicRoutes } from './public.js';
import { recipientRoutes } from './recipients.js';
import { refundRoutes } from './refunds.js';
import { subscriptionRoutes } from './subscriptions.js';
import { tokenRoutes } from './tokens.js';

/** Every BitPay endpoint the sandbox answers (§3.2). More specific patterns come first. */
export function apiRoutes(state: SandboxState): Route[] {
  return [
    ...tokenRoutes(state),
    ...publicRoutes(state),
    ...invoiceRoutes(state),
    ...refundRoutes(state),
    ...billRoutes(state),
    ...ledgerRoutes(state),
    ...subscriptionRoutes(state),
    ...payoutRoutes(state),
    ...recipientRoutes(state),
  ];
}
