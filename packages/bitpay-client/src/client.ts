import { BitPayConfigError, BitPayKeyError } from './errors/errors.js';
import type { Key } from './keys/key.js';
import type { Api, FacadeOptions } from './resources/api.js';
import * as bills from './resources/bills.js';
import * as invoices from './resources/invoices.js';
import * as ledgers from './resources/ledgers.js';
import * as market from './resources/market.js';
import * as payouts from './resources/payouts.js';
import * as recipients from './resources/recipients.js';
import * as refunds from './resources/refunds.js';
import * as subscriptions from './resources/subscriptions.js';
import * as tokenCalls from './resources/tokens.js';
import { type Facade, TokenStore } from './tokens/token-store.js';
import { missingToken, type RequestSpec, Transport } from './transport/transport.js';
import { resolveBaseUrl } from './transport/url.js';
import type { Bill, BillRequest, BillStatus } from './types/bill.js';
import type { Invoice, InvoiceEventToken, InvoiceQuery, InvoiceRequest, InvoiceUpdate } from './types/invoice.js';
import type { Ledger, LedgerEntry } from './types/ledger.js';
import type { Currency, Rate, Wallet } from './types/market.js';
import type {
  Payout,
  PayoutGroup,
  PayoutQuery,
  PayoutRequest,
  Recipient,
  RecipientInvite,
  RecipientQuery,
  RecipientUpdate,
} from './types/payout.js';
import type { Refund, RefundRequest } from './types/refund.js';
import type { Settlement, SettlementQuery } from './types/settlement.js';
import type {
  Subscription,
  SubscriptionRequest,
  SubscriptionStatus,
  SubscriptionUpdate,
} from './types/subscription.js';
import type { Token } from './types/token.js';
import { VERSION } from './version.js';

/** Defaults of {@link BitPayClientOptions}, exported so callers can build on them. */
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_RETRY_BASE_DELAY_MS = 250;
export const DEFAULT_RETRY_MAX_DELAY_MS = 4_000;
export const DEFAULT_PLUGIN_INFO = `BitPayCheckout_Node_Client_v${VERSION}`;

export interface BitPayClientOptions {
  /** `'test'` (https://test.bitpay.com/), `'prod'` (https://bitpay.com/) or a base URL such as a sandbox's. */
  environment: 'test' | 'prod' | (string & {});
  /** Signs merchant/payout calls and identifies the client for pairing. Optional for pos-only or public use. */
  key?: Key;
  /** API tokens per facade. Also filled by {@link BitPayClient.requestPairing} / {@link BitPayClient.claimPairingCode}. */
  tokens?: Partial<Record<Facade, string>>;
  /** Per-attempt timeout, ms. Default 15000. */
  timeoutMs?: number;
  /** Extra attempts for retry-safe calls (GET, POST/PUT with a guid, session calls). Default 2. */
  maxRetries?: number;
  /** First backoff step, ms (full jitter, doubling). Default 250. */
  retryBaseDelayMs?: number;
  /** Backoff cap, ms; also caps Retry-After. Default 4000. */
  retryMaxDelayMs?: number;
  /** fetch implementation. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** `x-bitpay-plugin-info` header. Default `BitPayCheckout_Node_Client_v<version>`. */
  pluginInfo?: string;
  /** `x-bitpay-platform-info` header, sent only when set. */
  platformInfo?: string;
  /** Sign pos-facade calls too (needed for pos tokens from server-initiated pairing). Default false. */
  signPos?: boolean;
  /** Opt-in anti-replay sessions (§2.5). Default false. */
  sessions?: boolean;
}

const KNOWN_OPTIONS = new Set([
  'environment',
  'key',
  'tokens',
  'timeoutMs',
  'maxRetries',
  'retryBaseDelayMs',
  'retryMaxDelayMs',
  'fetch',
  'pluginInfo',
  'platformInfo',
  'signPos',
  'sessions',
]);

function validate(options: BitPayClientOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new BitPayConfigError('INVALID_OPTION', 'BitPayClient needs an options object with `environment`.');
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(name))
      throw new BitPayConfigError('INVALID_OPTION', `Unknown BitPayClient option '${name}'.`);
  }
  const nonNegative = (name: 'timeoutMs' | 'maxRetries' | 'retryBaseDelayMs' | 'retryMaxDelayMs', min: number) => {
    const v = options[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min)) {
      throw new BitPayConfigError('INVALID_OPTION', `${name} must be an integer ≥ ${min}; got ${String(v)}.`);
    }
  };
  nonNegative('timeoutMs', 1);
  nonNegative('maxRetries', 0);
  nonNegative('retryBaseDelayMs', 0);
  nonNegative('retryMaxDelayMs', 0);
  if (
    options.key !== undefined &&
    (typeof options.key?.sign !== 'function' || typeof options.key.identity !== 'string')
  ) {
    throw new BitPayConfigError('INVALID_OPTION', 'key must be a Key (generateKey, loadKey, keyFromHex, keyFromPem).');
  }
}

/**
 * The whole BitPay REST API (X-Accept-Version 2.0.0), one typed method per endpoint, named like the official
 * Node SDK 8. Calls that BitPay requires signed are signed; retry-safe calls are retried with jittered backoff.
 */
export class BitPayClient {
  /** API tokens per facade. */
  readonly tokens: TokenStore;
  readonly #transport: Transport;
  readonly #key: Key | undefined;
  readonly #signedFacades = new Set<string>(['merchant', 'payout']);
  readonly #api: Api;

  constructor(options: BitPayClientOptions) {
    validate(options);
    this.#key = options.key;
    this.tokens = new TokenStore(options.tokens);
    if (options.signPos) this.#signedFacades.add('pos');
    const fetchImpl = options.fetch ?? globalThis.fetch;
    this.#transport = new Transport({
      baseUrl: resolveBaseUrl(options.environment),
      key: options.key,
      fetch: fetchImpl,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      retryBaseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
      retryMaxDelayMs: options.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS,
      pluginInfo: options.pluginInfo ?? DEFAULT_PLUGIN_INFO,
      platformInfo: options.platformInfo,
      sessions: options.sessions ?? false,
      secrets: () => this.#secrets(),
    });
    this.#api = {
      send: (spec: RequestSpec) => this.#transport.requestEnvelope(spec),
      call: (method, path, facade, params = {}, token) => {
        const value = token ?? this.tokens.get(facade) ?? missingToken(facade);
        return this.#transport.requestEnvelope({
          method,
          path,
          // like the official SDK: token first in a query, last in a JSON body
          params: method === 'GET' || method === 'DELETE' ? { token: value, ...params } : { ...params, token: value },
          signed: this.#signedFacades.has(facade),
        });
      },
      defaultFacade: () => (this.tokens.has('merchant') ? 'merchant' : 'pos'),
      sin: () => {
        if (!this.#key) throw new BitPayKeyError('MISSING_KEY', 'Pairing needs a key: pass `key` to BitPayClient.');
        return this.#key.sin;
      },
    };
  }

  /** Base URL requests go to, with a trailing slash. */
  get baseUrl(): string {
    return this.#transport.baseUrl;
  }

  /** The open session, when sessions are on and one was opened. */
  get session(): { id: string; nextRequestNumber: number } | undefined {
    return this.#transport.session;
  }

  *#secrets(): Iterable<string> {
    yield* this.tokens.values();
    if (this.#key) yield this.#key.privateKeyHex;
  }

  // ── Invoices ──────────────────────────────────────────────────────────────
  /** POST /invoices. Fills `guid` (UUIDv4) when absent. Facade: merchant if a merchant token exists, else pos. */
  createInvoice(invoice: InvoiceRequest, opts?: FacadeOptions): Promise<Invoice> {
    return invoices.createInvoice(this.#api, invoice, opts);
  }
  getInvoice(invoiceId: string, opts?: FacadeOptions): Promise<Invoice> {
    return invoices.getInvoice(this.#api, invoiceId, opts);
  }
  getInvoiceByGuid(guid: string, opts?: FacadeOptions): Promise<Invoice> {
    return invoices.getInvoiceByGuid(this.#api, guid, opts);
  }
  getInvoices(query: InvoiceQuery): Promise<Invoice[]> {
    return invoices.getInvoices(this.#api, query);
  }
  updateInvoice(invoiceId: string, update: InvoiceUpdate): Promise<Invoice> {
    return invoices.updateInvoice(this.#api, invoiceId, update);
  }
  /** Test environment only. */
  payInvoice(invoiceId: string, status?: 'confirmed' | 'complete'): Promise<Invoice> {
    return invoices.payInvoice(this.#api, invoiceId, status);
  }
  cancelInvoice(invoiceId: string, forceCancel?: boolean): Promise<Invoice> {
    return invoices.cancelInvoice(this.#api, invoiceId, forceCancel);
  }
  cancelInvoiceByGuid(guid: string, forceCancel?: boolean): Promise<Invoice> {
    return invoices.cancelInvoiceByGuid(this.#api, guid, forceCancel);
  }
  getInvoiceEventToken(invoiceId: string): Promise<InvoiceEventToken> {
    return invoices.getInvoiceEventToken(this.#api, invoiceId);
  }
  /** Re-sends the invoice IPN; `invoiceToken` is `invoice.token`. */
  requestInvoiceNotification(invoiceId: string, invoiceToken: string): Promise<true> {
    return invoices.requestInvoiceNotification(this.#api, invoiceId, invoiceToken);
  }

  // ── Refunds ───────────────────────────────────────────────────────────────
  /** POST /refunds. Fills `guid` (UUIDv4) when absent. */
  createRefund(refund: RefundRequest): Promise<Refund> {
    return refunds.createRefund(this.#api, refund);
  }
  getRefund(refundId: string): Promise<Refund> {
    return refunds.getRefund(this.#api, refundId);
  }
  getRefundByGuid(guid: string): Promise<Refund> {
    return refunds.getRefundByGuid(this.#api, guid);
  }
  getRefunds(invoiceId: string): Promise<Refund[]> {
    return refunds.getRefunds(this.#api, invoiceId);
  }
  updateRefund(refundId: string, status: string): Promise<Refund> {
    return refunds.updateRefund(this.#api, refundId, status);
  }
  updateRefundByGuid(guid: string, status: string): Promise<Refund> {
    return refunds.updateRefundByGuid(this.#api, guid, status);
  }
  cancelRefund(refundId: string): Promise<Refund> {
    return refunds.cancelRefund(this.#api, refundId);
  }
  cancelRefundByGuid(guid: string): Promise<Refund> {
    return refunds.cancelRefundByGuid(this.#api, guid);
  }
  /** Re-sends the refund webhook; `refundToken` is `refund.token`. */
  sendRefundNotification(refundId: string, refundToken: string): Promise<true> {
    return refunds.sendRefundNotification(this.#api, refundId, refundToken);
  }

  // ── Rates, currencies, wallets (public) ───────────────────────────────────
  /** GET /rates (BTC base) or GET /rates/{baseCurrency}. */
  getRates(baseCurrency?: string): Promise<Rate[]> {
    return market.getRates(this.#api, baseCurrency);
  }
  getCurrencyRates(baseCurrency: string): Promise<Rate[]> {
    return market.getRates(this.#api, baseCurrency);
  }
  getCurrencyPairRate(baseCurrency: string, quoteCurrency: string): Promise<Rate> {
    return market.getCurrencyPairRate(this.#api, baseCurrency, quoteCurrency);
  }
  getCurrencies(): Promise<Currency[]> {
    return market.getCurrencies(this.#api);
  }
  getSupportedWallets(): Promise<Wallet[]> {
    return market.getSupportedWallets(this.#api);
  }

  // ── Bills ─────────────────────────────────────────────────────────────────
  createBill(bill: BillRequest, opts?: FacadeOptions): Promise<Bill> {
    return bills.createBill(this.#api, bill, opts);
  }
  getBill(billId: string, opts?: FacadeOptions): Promise<Bill> {
    return bills.getBill(this.#api, billId, opts);
  }
  getBills(status?: BillStatus): Promise<Bill[]> {
    return bills.getBills(this.#api, status);
  }
  /** PUT /bills/{id} with the merchant token (a `token` field of a bill read back from BitPay is not sent). */
  updateBill(billId: string, bill: Partial<BillRequest> & Record<string, unknown>): Promise<Bill> {
    return bills.updateBill(this.#api, billId, bill);
  }
  /** Emails the bill; `billToken` is `bill.token`. */
  deliverBill(billId: string, billToken: string, opts?: FacadeOptions): Promise<true> {
    return bills.deliverBill(this.#api, billId, billToken, opts);
  }

  // ── Ledgers and settlements ───────────────────────────────────────────────
  getLedgers(): Promise<Ledger[]> {
    return ledgers.getLedgers(this.#api);
  }
  getLedgerEntries(currency: string, startDate: string, endDate: string): Promise<LedgerEntry[]> {
    return ledgers.getLedgerEntries(this.#api, currency, startDate, endDate);
  }
  getSettlements(query?: SettlementQuery): Promise<Settlement[]> {
    return ledgers.getSettlements(this.#api, query);
  }
  getSettlement(settlementId: string): Promise<Settlement> {
    return ledgers.getSettlement(this.#api, settlementId);
  }
  /** `settlementToken` is `settlement.token`. */
  getSettlementReconciliationReport(settlementId: string, settlementToken: string): Promise<Settlement> {
    return ledgers.getSettlementReconciliationReport(this.#api, settlementId, settlementToken);
  }

  // ── Payouts, payout groups, recipients ────────────────────────────────────
  createPayout(payout: PayoutRequest): Promise<Payout> {
    return payouts.createPayout(this.#api, payout);
  }
  getPayout(payoutId: string): Promise<Payout> {
    return payouts.getPayout(this.#api, payoutId);
  }
  getPayouts(query?: PayoutQuery): Promise<Payout[]> {
    return payouts.getPayouts(this.#api, query);
  }
  cancelPayout(payoutId: string): Promise<true> {
    return payouts.cancelPayout(this.#api, payoutId);
  }
  requestPayoutNotification(payoutId: string): Promise<true> {
    return payouts.requestPayoutNotification(this.#api, payoutId);
  }
  createPayoutGroup(instructions: PayoutRequest[]): Promise<PayoutGroup> {
    return payouts.createPayoutGroup(this.#api, instructions);
  }
  cancelPayoutGroup(groupId: string): Promise<PayoutGroup> {
    return payouts.cancelPayoutGroup(this.#api, groupId);
  }
  submitPayoutRecipients(recipientList: RecipientInvite[], guid?: string): Promise<Recipient[]> {
    return recipients.submitPayoutRecipients(this.#api, recipientList, guid);
  }
  getPayoutRecipient(recipientId: string): Promise<Recipient> {
    return recipients.getPayoutRecipient(this.#api, recipientId);
  }
  getPayoutRecipients(query?: RecipientQuery): Promise<Recipient[]> {
    return recipients.getPayoutRecipients(this.#api, query);
  }
  updatePayoutRecipient(recipientId: string, update: RecipientUpdate): Promise<Recipient> {
    return recipients.updatePayoutRecipient(this.#api, recipientId, update);
  }
  deletePayoutRecipient(recipientId: string): Promise<true> {
    return recipients.deletePayoutRecipient(this.#api, recipientId);
  }
  requestPayoutRecipientNotification(recipientId: string): Promise<true> {
    return recipients.requestPayoutRecipientNotification(this.#api, recipientId);
  }

  // ── Subscriptions ─────────────────────────────────────────────────────────
  createSubscription(subscription: SubscriptionRequest): Promise<Subscription> {
    return subscriptions.createSubscription(this.#api, subscription);
  }
  getSubscription(subscriptionId: string): Promise<Subscription> {
    return subscriptions.getSubscription(this.#api, subscriptionId);
  }
  getSubscriptions(status?: SubscriptionStatus): Promise<Subscription[]> {
    return subscriptions.getSubscriptions(this.#api, status);
  }
  /** `subscriptionToken` is `subscription.token`; the merchant token when omitted. */
  updateSubscription(
    subscriptionId: string,
    update: SubscriptionUpdate,
    subscriptionToken?: string,
  ): Promise<Subscription> {
    return subscriptions.updateSubscription(this.#api, subscriptionId, update, subscriptionToken);
  }

  // ── Tokens, pairing, sessions ─────────────────────────────────────────────
  /** Client-initiated pairing; keeps the (still inactive) token under `facade`. Approve `pairingCode` in the dashboard. */
  async requestPairing(facade: Facade, label?: string): Promise<Token> {
    const token = await tokenCalls.requestPairing(this.#api, facade, label);
    this.tokens.set(facade, token.token);
    return token;
  }
  /** Server-initiated pairing: claims a dashboard pairing code; keeps the token under its facade (usually pos, then signed). */
  async claimPairingCode(pairingCode: string, label?: string): Promise<Token> {
    const token = await tokenCalls.claimPairingCode(this.#api, pairingCode, label);
    this.tokens.set(token.facade, token.token);
    // tokens bound to our SIN by a claim must be used signed (§2.1)
    this.#signedFacades.add(token.facade);
    return token;
  }
  /** GET /tokens: approved tokens of this key, as `{facade: token}`. Does not change {@link tokens}. */
  getTokens(): Promise<Record<string, string>> {
    return tokenCalls.getTokens(this.#api);
  }
  getTokenSins(token: string): Promise<unknown[]> {
    return tokenCalls.getTokenSins(this.#api, token);
  }
  addTokenSin(token: string, sin: string): Promise<unknown> {
    return tokenCalls.addTokenSin(this.#api, token, sin);
  }
  removeTokenSin(token: string, sin: string): Promise<unknown> {
    return tokenCalls.removeTokenSin(this.#api, token, sin);
  }
  /** POST /sessions → a new session id. With `sessions: true` the client opens and renews sessions itself. */
  createSession(): Promise<string> {
    return this.#transport.openSession();
  }
}
