import { SessionStore } from '../auth/sessions.js';
import { TokenStore } from '../auth/tokens.js';
import type { SandboxClock } from '../clock/clock.js';
import type { IpnSender } from '../ipn/sender.js';
import type { Invoice, LedgerEntry, Refund } from './types.js';

/** Everything the sandbox knows, in memory: one merchant account. */
export class SandboxState {
  readonly tokens: TokenStore;
  readonly sessions: SessionStore;
  readonly invoices = new Map<string, Invoice>();
  readonly refunds = new Map<string, Refund>();
  readonly ledger: LedgerEntry[] = [];
  readonly bills = new Map<string, Record<string, unknown>>();
  readonly settlements = new Map<string, Record<string, unknown>>();
  readonly subscriptions = new Map<string, Record<string, unknown>>();
  readonly payouts = new Map<string, Record<string, unknown>>();
  readonly recipients = new Map<string, Record<string, unknown>>();
  ipn!: IpnSender;

  constructor(
    readonly clock: SandboxClock,
    /** Base URL clients address, with a trailing slash. */
    readonly publicUrl: string,
    readonly merchantName: string,
    autoApprove: boolean,
  ) {
    const now = () => clock.now();
    this.tokens = new TokenStore(now, autoApprove);
    this.sessions = new SessionStore(now);
  }

  now(): number {
    return this.clock.now();
  }
}
