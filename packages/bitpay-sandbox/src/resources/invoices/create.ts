import { newId, newResourceToken } from '../../crypto/ids.js';
import { codedError, invalidParam, missingParams } from '../../errors.js';
import type { RequestContext } from '../../http/router.js';
import { findCrypto, isKnownCurrency } from '../../money/currencies.js';
import type { SandboxState } from '../../state/state.js';
import type { Invoice, TransactionSpeed } from '../../state/types.js';
import { optBool, optNumber, optString, optUrl } from '../params.js';
import { ALL_CRYPTO_CODES, subtotalUnits } from './amounts.js';
import { scheduleExpiry } from './lifecycle.js';

const DEFAULT_WINDOW_MS = 900_000;
const ECHOED = [
  'orderId',
  'itemDesc',
  'itemCode',
  'posData',
  'redirectURL',
  'closeURL',
  'notificationEmail',
  'merchantName',
  'forcedBuyerSelectedWallet',
  'forcedBuyerSelectedTransactionCurrency',
] as const;

/** `POST /invoices`: validates as BitPay does, prices every payment currency exactly, starts the window. */
export function createInvoice(state: SandboxState, ctx: RequestContext): Invoice {
  const token = ctx.token!;
  const b = ctx.body;
  const missing = ['price', 'currency'].filter((k) => b[k] === undefined || b[k] === null || b[k] === '');
  if (missing.length) throw missingParams(missing);
  const price = optNumber(ctx, 'price')!;
  const currency = optString(ctx, 'currency', 10)!;
  if (!isKnownCurrency(currency)) throw codedError('invalid_parameter', 400, '010102', 'Invalid currency');
  if (price <= 0) throw codedError('price_below_minimum', 400, '010110', 'Invoice price is below the minimum');
  if (price > 10_000_000) throw codedError('price_above_maximum', 400, '010111', 'Invoice price is above the maximum');

  const guid = optString(ctx, 'guid', 200);
  if (guid) {
    // Idempotence (§2.4): the same guid from the same token gives back the invoice it made.
    for (const inv of state.invoices.values()) if (inv.guid === guid && inv.creator === token.token) return inv;
  }

  const speed = (optString(ctx, 'transactionSpeed', 10) ?? 'medium') as TransactionSpeed;
  if (!['high', 'medium', 'low'].includes(speed)) throw invalidParam('transactionSpeed');
  // The time the buyer has to pay at the quoted amounts; the invoice expires when it ends (§4.3). BitPay documents
  // 0-900000 but takes more: its WooCommerce plugin sends 1200000 on every invoice (README, decisions).
  const window = optNumber(ctx, 'acceptanceWindow') ?? DEFAULT_WINDOW_MS;
  if (!Number.isSafeInteger(window) || window <= 0 || !Number.isSafeInteger(state.now() + window)) {
    throw invalidParam('acceptanceWindow');
  }
  const notificationURL = optUrl(ctx, 'notificationURL');
  for (const k of ['redirectURL', 'closeURL'] as const) optUrl(ctx, k);
  const extendedNotifications = optBool(ctx, 'extendedNotifications') ?? false;
  const fullNotifications = extendedNotifications || (optBool(ctx, 'fullNotifications') ?? true);

  let enabled = [...ALL_CRYPTO_CODES];
  const pc = b.paymentCurrencies;
  if (pc !== undefined && pc !== null) {
    if (!Array.isArray(pc) || pc.some((c) => typeof c !== 'string' || !findCrypto(c))) {
      throw invalidParam('paymentCurrencies');
    }
    enabled = enabled.filter((c) => pc.includes(c));
    if (enabled.length === 0) throw invalidParam('paymentCurrencies');
  }
  const forced = b.forcedBuyerSelectedTransactionCurrency;
  if (typeof forced === 'string' && forced !== '' && !enabled.includes(forced)) {
    throw invalidParam('forcedBuyerSelectedTransactionCurrency');
  }

  const echo: Record<string, unknown> = {};
  for (const k of ECHOED) echo[k] = optString(ctx, k, 4000);
  for (const k of ['autoRedirect', 'jsonPayProRequired', 'bitpayIdRequired', 'physical'] as const) {
    echo[k] = optBool(ctx, k);
  }
  if (b.buyer !== undefined && b.buyer !== null) {
    if (typeof b.buyer !== 'object' || Array.isArray(b.buyer)) throw invalidParam('buyer');
    echo.buyer = b.buyer;
  }
  if (b.itemizedDetails !== undefined && b.itemizedDetails !== null) {
    if (!Array.isArray(b.itemizedDetails)) throw invalidParam('itemizedDetails');
    echo.itemizedDetails = b.itemizedDetails;
  }
  const bpi = b.buyerProvidedInfo;
  const buyerProvidedInfo: Record<string, unknown> =
    bpi && typeof bpi === 'object' && !Array.isArray(bpi) ? { ...(bpi as Record<string, unknown>) } : {};
  const buyerEmail = (echo.buyer as Record<string, unknown> | undefined)?.email;

  const amounts = new Map<string, { subtotal: bigint; total: bigint }>();
  for (const code of enabled) {
    const c = findCrypto(code)!;
    const subtotal = subtotalUnits(price, currency, c);
    amounts.set(code, { subtotal, total: subtotal + c.minerFee.totalFee });
  }
  const now = state.now();
  const inv: Invoice = {
    id: newId(),
    token: newResourceToken(),
    creator: token.token,
    facade: token.facade === 'pos' ? 'pos' : 'merchant',
    price,
    currency,
    invoiceTime: now,
    expirationTime: now + window,
    status: 'new',
    exceptionStatus: false,
    isCancelled: false,
    transactionSpeed: speed,
    fullNotifications,
    extendedNotifications,
    notificationURL,
    guid,
    echo,
    buyerProvidedEmail: typeof buyerEmail === 'string' ? buyerEmail : undefined,
    buyerProvidedInfo,
    enabled,
    amounts,
    payments: [],
    extraConfirmations: 0,
    amountPaid: 0n,
    refundedPrice: 0,
  };
  state.invoices.set(inv.id, inv);
  state.tokens.addResource(inv.token, 'invoice', inv.id, token.token);
  scheduleExpiry(state, inv);
  return inv;
}
