import { type InvoiceView, isTerminalView, type PaymentCurrency, type QrDrawing } from '@bitpay-checkout/contract';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { getInvoice, openInvoice, type Timed } from '../api/adapter-client.js';
import { CheckoutError } from '../api/checkout-error.js';
import { formatRemaining } from '../countdown/clock.js';
import { CountdownController } from '../countdown/countdown-controller.js';
import {
  CheckoutErrorEvent,
  CurrencySelectEvent,
  InvoiceCompleteEvent,
  InvoiceConfirmedEvent,
  type InvoiceEvent,
  InvoiceExpiredEvent,
  InvoicePaidEvent,
  InvoiceReadyEvent,
  InvoiceRefundedEvent,
  ModalCloseEvent,
  ModalOpenEvent,
  StatusChangeEvent,
} from '../events/invoice-events.js';
import { formatCryptoWithCode, formatFiat, isZero } from '../format/amount.js';
import { networkOf } from '../format/network.js';
import type { TextKey } from '../i18n/en.js';
import { isRtl, matchLocale } from '../i18n/locales.js';
import { loadTranslator, Translator } from '../i18n/translate.js';
import { LiveInvoiceController } from '../live/live-invoice-controller.js';
import { checkoutStyles } from './checkout.styles.js';
import { paymentUri, type ViewKind, viewState } from './view-state.js';

export type CheckoutMode = 'inline' | 'modal';
export type CheckoutTheme = 'light' | 'dark' | 'auto';

/** Delay before following `redirectURL` when `auto-redirect` is set, so the shopper sees the outcome. */
const REDIRECT_DELAY = 4000;
/** Currencies shown before "More". */
const FIRST_CURRENCIES = 4;
/** The shopper's last currency, remembered for the next checkout on this site. */
const CURRENCY_KEY = 'bitpay-checkout:currency';

/** Money arrived after the invoice expired: BitPay refunds it, and paying again makes a second payment. */
function isLate(view: InvoiceView): boolean {
  return view.status === 'expired' && (view.paidAfterExpiry === true || view.exceptionStatus === 'paidOver');
}

function deepActiveElement(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el as HTMLElement | null;
}

/** The QR path is the adapter's (`/bitpay/invoices/…`): on the adapter's origin when the endpoint is on another one. */
function qrSource(endpoint: string, qr: string): string {
  return new URL(qr, new URL(endpoint, document.baseURI)).href;
}

/**
 * Pay a BitPay invoice inside the page: currency choice, amount, QR code, wallet link, countdown and
 * live status, every outcome explained. Talks only to the server adapter's HTTP contract.
 *
 * @summary BitPay checkout for an order or invoice, inline or in a modal dialog.
 *
 * @event bitpay-invoice-ready - InvoiceReadyEvent: an invoice was loaded and shown (`event.invoice`).
 * @event bitpay-status-change - StatusChangeEvent: status or exception status changed (`event.invoice`, `event.previousStatus`).
 * @event bitpay-invoice-paid - InvoicePaidEvent: the full amount was seen (not final yet).
 * @event bitpay-invoice-confirmed - InvoiceConfirmedEvent: confirmed by the network: fulfil the order.
 * @event bitpay-invoice-complete - InvoiceCompleteEvent: credited to the merchant.
 * @event bitpay-invoice-expired - InvoiceExpiredEvent: the invoice expired (partly paid ones are refunded by BitPay).
 * @event bitpay-invoice-refunded - InvoiceRefundedEvent: BitPay sent the refund (`event.invoice.refund`).
 * @event bitpay-checkout-error - CheckoutErrorEvent: loading or following failed (`event.error.code`).
 * @event bitpay-currency-select - CurrencySelectEvent: the shopper picked a currency (`event.currency`).
 * @event bitpay-modal-open - ModalOpenEvent: the modal opened.
 * @event bitpay-modal-close - ModalCloseEvent: the modal closed; the invoice stays payable.
 *
 * @csspart reference - Invoice and order ids with the shop's support link, under every end or error state.
 * @csspart support-link - The link to `support-url`.
 *
 * @slot footer - Merchant content at the bottom of the card (help link, terms); everything else comes from the invoice.
 *
 * @csspart dialog - The native `<dialog>` in modal mode.
 * @csspart base - The card that holds everything.
 * @csspart header - Merchant, description and price.
 * @csspart status - The status title and explanation (a live region).
 * @csspart currencies - The currency choice (a fieldset of radio buttons).
 * @csspart amount - The amount to pay, in crypto and fiat.
 * @csspart qr - The QR code figure.
 * @csspart actions - Wallet link and copy buttons.
 * @csspart wallet-link - The "open in wallet" link.
 * @csspart copy-button - Each copy button.
 * @csspart countdown - Time left.
 * @csspart progress - Confirmation progress.
 * @csspart notice - Copy confirmations and countdown warnings (a live region).
 * @csspart button - Every action button (retry, start again, close).
 * @csspart close-button - The modal's close button.
 *
 * @cssproperty --bitpay-font - Font shorthand. Default `400 1rem/1.45 system-ui, sans-serif`.
 * @cssproperty --bitpay-background - Card background. Light `#fff`, dark `#141a2e`.
 * @cssproperty --bitpay-foreground - Text colour. Light `#1a1f36`, dark `#f2f4fa`.
 * @cssproperty --bitpay-muted - Secondary text. Light `#4f566b`, dark `#b7c0d8`.
 * @cssproperty --bitpay-surface - Amount panel background. Light `#f4f6fb`, dark `#1e2640`.
 * @cssproperty --bitpay-border-color - Borders. Light `#c9cfdd`, dark `#3a4463`.
 * @cssproperty --bitpay-accent - Buttons, links, selection. Light `#1a3bb3`, dark `#9db1ff`.
 * @cssproperty --bitpay-on-accent - Text on accent. Light `#fff`, dark `#0b1024`.
 * @cssproperty --bitpay-success - Success tone. Light `#0c6b36`, dark `#6ad89c`.
 * @cssproperty --bitpay-warning - Warning tone. Light `#7a4a00`, dark `#ffc766`.
 * @cssproperty --bitpay-error - Error tone. Light `#a8231b`, dark `#ff9c92`.
 * @cssproperty --bitpay-focus-ring - Focus outline colour. Defaults to the accent.
 * @cssproperty --bitpay-radius - Corner radius. Default `12px`.
 * @cssproperty --bitpay-max-width - Maximum width. Default `26rem`.
 */
export class BitpayCheckout extends LitElement {
  static override styles = checkoutStyles;

  static override properties = {
    orderId: { attribute: 'order-id', reflect: true },
    invoiceId: { attribute: 'invoice-id', reflect: true },
    endpoint: {},
    lang: {},
    currency: { reflect: true },
    mode: { reflect: true },
    open: { type: Boolean, reflect: true },
    theme: { reflect: true },
    autoRedirect: { type: Boolean, attribute: 'auto-redirect' },
    supportUrl: { attribute: 'support-url' },
    _invoice: { state: true },
    _error: { state: true },
    _t: { state: true },
    _notice: { state: true },
    _linkShown: { state: true },
  };

  /** The merchant's order: the element asks the adapter for its open invoice (or a new one). */
  declare orderId?: string | null;
  /** A known invoice to show; wins over `order-id`. */
  declare invoiceId?: string | null;
  /** Where the server adapter is mounted (absolute or relative URL). Default `/bitpay`. */
  declare endpoint: string;
  /** Language of the element; default: the nearest `lang` attribute, then the browser's languages. */
  declare lang: string;
  /** Preferred payment currency code (e.g. `BTC`); reflects the shopper's choice. Default: the invoice's first. */
  declare currency?: string | null;
  /** `inline` (in the page flow) or `modal` (a native dialog, shown with `show()`). Default `inline`. */
  declare mode: CheckoutMode;
  /** Whether the modal is open (modal mode only). Default `false`. */
  declare open?: boolean;
  /** `light`, `dark`, or `auto` (follows the system). Default `auto`. */
  declare theme: CheckoutTheme;
  /** Follow the invoice's `redirectURL` a few seconds after a confirmed or complete payment. Default `false`. */
  declare autoRedirect?: boolean;

  /** The shop's help page or address (`https:` or `mailto:`), linked from every end and error state; else the `footer` slot. */
  declare supportUrl?: string | null;

  /** @internal */
  declare _invoice?: InvoiceView | null;
  /** @internal */
  declare _error?: CheckoutError | null;
  /** @internal Messages of the shown locale; unset until the first locale module loads. */
  declare _t?: Translator | null;
  /** @internal */
  declare _notice?: string;
  /** @internal The clipboard refused: the payment link is shown as selectable text. */
  declare _linkShown?: boolean;

  #load?: AbortController;
  #fired = new Set<unknown>();
  #currentId: string | null = null;
  #returnFocus: HTMLElement | null = null;
  #noticeTimer?: ReturnType<typeof setTimeout>;
  #redirectTimer?: ReturnType<typeof setTimeout>;
  #locale = '';
  /** The page's full tag (de-CH, pt-PT) when it matches the shown locale: numbers and dates use it. */
  #format = '';
  /** The view changed while focus was in the element: the new status heading takes it. */
  #focusTitle = false;
  /** The QR drawing that came with the invoice (one currency's). */
  #qr?: QrDrawing & { invoice: string };

  readonly #countdown = new CountdownController(this, (level, left) => {
    if (left === 0) {
      // The server decides expiry; ask it now instead of waiting for the stream.
      this.#live.reconnect();
    } else if (level) {
      this.#announce(
        this._t?.plural('minutesLeft', { count: Math.max(1, Math.round(left / 60_000)) }, 'count', this.#fmt) ?? '',
      );
    }
  });

  readonly #live = new LiveInvoiceController(this, {
    onView: (timed) => this.#accept(timed),
    onError: (error) => this.dispatchEvent(new CheckoutErrorEvent(error)),
  });

  constructor() {
    super();
    // Unset properties stay undefined (no attribute), which reads as null / false.
    this.endpoint = '/bitpay';
    this.mode = 'inline';
    this.theme = 'auto';
  }

  /** The invoice as last seen, or `null` before it loads. */
  get invoice(): InvoiceView | null {
    return this._invoice ?? null;
  }

  /** The last error, or `null`. */
  get error(): CheckoutError | null {
    return this._error ?? null;
  }

  /** The locale the element shows (one of the supported ones). */
  get locale(): string {
    return this._t?.locale ?? 'en';
  }

  /** Opens the modal (modal mode), loading the invoice first if needed. */
  show(): void {
    this.open = true;
  }

  /** Closes the modal. The invoice stays payable until it expires. */
  close(): void {
    this.open = false;
  }

  /** Fetches the invoice again and re-opens the live stream; an expired one is replaced by a new invoice for its order. */
  refresh(): Promise<void> {
    const view = this._invoice;
    if (view?.status === 'expired') return this.#startAgain();
    return this.#fetch(false);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resolveLocale();
    // Moved in the DOM while loading: the aborted load starts again.
    if (this.hasUpdated && !this._invoice && !this._error) void this.#fetch(false);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#load?.abort();
    clearTimeout(this.#redirectTimer);
    clearTimeout(this.#noticeTimer);
    this.#unlockScroll();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lang')) this.#resolveLocale();
    if (changed.has('orderId') || changed.has('invoiceId') || changed.has('endpoint')) {
      this.#currentId = this.invoiceId || null;
      const shown = this._invoice;
      // Another order (an SPA reusing the element): never leave the old order's invoice on screen.
      if (shown && (this.invoiceId ? shown.id !== this.invoiceId : shown.orderId !== this.orderId)) {
        this.#live.stop();
        this.#countdown.deadline = null;
        this._invoice = null;
        this._error = null;
      }
      void this.#fetch(false);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('open') || changed.has('mode')) this.#syncDialog();
    // Set only when the view changed under focus; the render just made shows the new heading.
    if (this.#focusTitle) {
      const heading = this.renderRoot.querySelector<HTMLElement>('#title');
      if (heading && (this._invoice || this._error)) {
        this.#focusTitle = false;
        heading.focus();
      }
    }
  }

  /** Numbers and dates in the page's regional format, in the shown language. */
  get #fmt(): string {
    return this.#format || this.locale;
  }

  protected override render(): TemplateResult {
    const card = this.#card();
    if (this.mode !== 'modal') return card;
    return html`<dialog
      part="dialog"
      aria-labelledby="title"
      @close=${this.#onDialogClose}
      @keydown=${this.#onKeyDown}
    >
      ${this.open ? card : nothing}
    </dialog>`;
  }

  #card(): TemplateResult {
    const t = this._t;
    // Nothing to say before the strings arrive (they load beside the invoice).
    if (!t) return html`<div part="base" class="card" aria-busy="true"></div>`;
    const view = this._invoice;
    const error = view ? null : this._error;
    const state = view && viewState(view);
    const close =
      this.mode === 'modal'
        ? html`<button part="button close-button" aria-label=${t.t('close')} @click=${this.close}>
            ×
          </button>`
        : nothing;
    return html`<div
      part="base"
      class="card ${error ? 'error' : (state?.tone ?? '')} ${state?.payable ? 'payable' : ''}"
      dir=${isRtl(t.locale) ? 'rtl' : 'ltr'}
      lang=${t.locale}
    >
      <header part="header">
        <div dir="auto">
          <strong>${view?.merchantName}</strong>
          <p class="muted">${view?.itemDesc}</p>
        </div>
        ${view ? html`<p class="price">${formatFiat(view.price, view.currency, this.#fmt)}</p>` : nothing} ${close}
      </header>
      ${error ? this.#errorBody(t, error) : view && state ? this.#invoiceBody(t, view, state.kind) : this.#status(t.t('loading'))}
      <p part="notice" class="notice" role="status">${this._notice}</p>
      <slot name="footer"></slot>
    </div>`;
  }

  #status(title: string, text?: string, extra: unknown = nothing): TemplateResult {
    return html`<div part="status" class="status" role="status">
      <h2 id="title" tabindex="-1">${title}</h2>
      ${text ? html`<p>${text}</p>` : nothing} ${extra}
    </div>`;
  }

  #button(label: string, onClick: () => void): TemplateResult {
    return html`<div class="actions"><button part="button" class="primary" @click=${onClick}>${label}</button></div>`;
  }

  #errorBody(t: Translator, error: CheckoutError): TemplateResult {
    const code = error.code;
    // ORDER_NOT_FOUND, INVOICE_NOT_FOUND and ORDER_NOT_PAYABLE are final; anything else may pass.
    const key: TextKey =
      code === 'ORDER_NOT_PAYABLE' ? 'notPayableBody' : /NOT_FOUND/.test(code) ? 'notFoundBody' : 'errorBody';
    // Too many attempts is not a connection problem: say when trying again will work.
    const body =
      code === 'RATE_LIMITED'
        ? t.t('rateLimitedBody', { seconds: (error.retryAfter ?? 60).toLocaleString(this.#fmt) })
        : key === 'errorBody'
          ? t.t(key)
          : '';
    return html`${this.#status(t.t(key === 'errorBody' ? 'errorTitle' : key), body)}
    ${error.retryable ? this.#button(t.t('retry'), () => this.#fetch(false)) : nothing}
    ${this.#wayForward(t, null)}`;
  }

  /** Ids to quote and a way to reach the shop, under every end or error state. */
  #wayForward(t: Translator, view: InvoiceView | null): TemplateResult {
    const order = view?.orderId ?? this.orderId;
    const invoice = view?.id ?? this.invoiceId;
    const support = this.supportUrl && /^(https:|mailto:)/i.test(this.supportUrl) ? this.supportUrl : null;
    return html`<p part="reference" class="muted">
      ${invoice ? html`<small>${t.t('invoiceRef', { id: invoice })}</small> ` : nothing}
      ${order ? html`<small>${t.t('orderRef', { id: order })}</small> ` : nothing}
      ${support ? html`<a part="support-link" href=${support}>${t.t('contactShop')}</a>` : nothing}
    </p>`;
  }

  /** The shopper's remembered currency, when storage allows. */
  #stored(): string | null {
    try {
      return localStorage.getItem(CURRENCY_KEY);
    } catch {
      return null;
    }
  }

  #selected(view: InvoiceView): PaymentCurrency | undefined {
    const list = view.paymentCurrencies;
    const stored = this.#stored();
    return (
      list.find((c) => c.code === this.currency) ??
      list.find((c) => c.code === view.transactionCurrency) ??
      list.find((c) => c.code === stored) ??
      list[0]
    );
  }

  /** An amount in a payment currency, e.g. "0.000412 BTC"; `code` names it when the invoice no longer lists it. */
  #crypto(amount: string, currency: PaymentCurrency | undefined, code?: string | null): string {
    return formatCryptoWithCode(amount, currency?.code ?? code ?? '', currency?.decimals ?? 8, this.#fmt);
  }

  #invoiceBody(t: Translator, view: InvoiceView, kind: ViewKind): TemplateResult {
    const paid = view.paymentCurrencies.find((c) => c.code === view.transactionCurrency);
    const refund = view.refund;
    const amount =
      kind === 'partial'
        ? this.#crypto(view.amountDue ?? '0', paid, view.transactionCurrency)
        : kind === 'overpaid'
          ? this.#crypto(view.overpaidAmount ?? '0', paid, view.transactionCurrency)
          : refund
            ? formatFiat(refund.amount, refund.currency, this.#fmt)
            : '';
    const late = isLate(view);
    const body: TextKey = late
      ? 'lateBody'
      : kind === 'expired' && view.exceptionStatus === 'paidPartial'
        ? 'expiredPartialBody'
        : kind === 'refunded' && refund?.status !== 'success'
          ? 'refundPendingBody'
          : `${kind}Body`;
    const payable = kind === 'awaiting' || kind === 'partial';
    // Where BitPay sends the shopper money back, it first asks by e-mail where to send it: say so.
    const claim =
      body === 'overpaidBody' ||
      body === 'declinedBody' ||
      body === 'expiredPartialBody' ||
      body === 'refundPendingBody';
    // A plain expiry: a payment may still be on its way; starting again would invite a second one.
    const after: TextKey | null = claim ? 'refundClaim' : body === 'expiredBody' ? 'expiredWait' : null;
    // Status and time left together at the top (the countdown is outside the live region: it ticks).
    return html`<div class="top">
        ${this.#status(
          // "Refunded" only once BitPay has sent it.
          t.t(late ? 'lateTitle' : body === 'refundPendingBody' ? 'refundPendingTitle' : `${kind}Title`),
          `${t.t(body, { amount })}${after ? ` ${t.t(after)}` : ''}`,
          this.#live.connection === 'reconnecting' ? html`<small>${t.t('reconnecting')}</small>` : nothing,
        )}
        ${
          payable
            ? html`<p part="countdown" class=${this.#countdown.level === 1 ? 'late' : ''}>
                ${t.t('timeLeft')} <strong>${formatRemaining(this.#countdown.remaining, this.#fmt)}</strong>
              </p>`
            : nothing
        }
      </div>
    ${kind === 'awaiting' || kind === 'partial' ? this.#payment(t, view) : this.#outcome(t, view, kind)}
    ${kind === 'awaiting' || kind === 'partial' || kind === 'confirming' ? nothing : this.#wayForward(t, view)}`;
  }

  #payment(t: Translator, view: InvoiceView): TemplateResult | typeof nothing {
    const selected = this.#selected(view);
    if (!selected) return nothing;
    const uri = paymentUri(selected.paymentCodes);
    const partial = view.exceptionStatus === 'paidPartial';
    // While partly paid, what is still due (in the currency paid so far) is what to send.
    const due = partial && view.amountDue ? view.amountDue : selected.total;
    const copy = (what: string, label: string) =>
      html`<button part="button copy-button" @click=${() => this.#copy(what)}>${label}</button>`;
    // A phone cannot scan its own screen: there the wallet link comes first and the QR is for another device.
    const touch = matchMedia('(pointer: coarse)').matches;
    const wallet = uri
      ? html`<a part="wallet-link" class="button primary wide" href=${uri}>${t.t('openWallet')}</a>`
      : nothing;
    const label = t.t('qrAlt', { amount: this.#crypto(due, selected), currency: selected.name });
    // Drawn inline when it came with the invoice (no image to wait for), else the adapter's image of it.
    const drawn = this.#qr?.invoice === view.id && this.#qr.currency === selected.code ? this.#qr : null;
    const qr = html`<figure part="qr">
      ${
        drawn
          ? html`<svg role="img" aria-label=${label} viewBox="0 0 ${drawn.size} ${drawn.size}" shape-rendering="crispEdges">
              <path fill="#fff" d="M0 0h${drawn.size}v${drawn.size}H0z" /><path stroke="#000" d=${drawn.path} />
            </svg>`
          : html`<img src=${qrSource(this.endpoint, selected.qr)} alt=${label} />`
      }
      <figcaption class="muted">${t.t(touch ? 'scanOther' : 'scanHint')}</figcaption>
    </figure>`;
    const actions = html`<div part="actions" class="actions">
      ${touch ? nothing : wallet} ${uri ? copy(uri, t.t('copyLink')) : nothing}
    </div>`;
    return html`${view.paymentCurrencies.length > 1 && !partial ? this.#chooser(t, view, selected) : nothing}
      <div part="amount" class="amount">
        <span class="muted">${t.t('amountToPay')}</span>
        <div class="row"><strong>${this.#crypto(due, selected)}</strong> ${copy(due, t.t('copyAmount'))}</div>
        <span class="muted">${t.t('total')}: ${formatFiat(view.price, view.currency, this.#fmt)}</span>
        ${
          isZero(selected.networkCost)
            ? nothing
            : html`<small>${t.t('networkCost', { amount: this.#crypto(selected.networkCost, selected) })}</small>`
        }
      </div>
      ${touch ? html`${wallet}${actions}${qr}` : html`${actions}${qr}`}
      ${this._linkShown ? html`<p part="payment-link" class="link">${uri}</p>` : nothing}
      ${view.url ? html`<a class="hosted" href=${view.url} target="_blank"><small>${t.t('hostedPage')}</small></a>` : nothing}`;
  }

  /** A few currencies as pills with name and network; the rest behind "More" (the chosen one always shows). */
  #chooser(t: Translator, view: InvoiceView, selected: PaymentCurrency): TemplateResult {
    const list = view.paymentCurrencies;
    const first = list.slice(0, FIRST_CURRENCIES);
    if (!first.includes(selected)) first.push(selected);
    const rest = list.filter((c) => !first.includes(c));
    // "Ether · Ethereum"; a coin named like its chain ("Bitcoin") says it once.
    const about = (c: PaymentCurrency, net = networkOf(c.code)) => (c.name === net ? net : `${c.name} · ${net}`);
    const pill = (c: PaymentCurrency) =>
      html`<label class="pill"
        ><input type="radio" name="currency" .value=${c.code} .checked=${c === selected} @change=${this.#onCurrency} /><b
          >${c.code}</b
        ><small>${about(c)}</small></label
      >`;
    return html`<fieldset part="currencies">
      <legend>${t.t('payWith')}</legend>
      ${first.map(pill)}
      ${rest.length ? html`<details part="more"><summary>${t.t('more')}</summary>${rest.map(pill)}</details>` : nothing}
    </fieldset>`;
  }

  #outcome(t: Translator, view: InvoiceView, kind: ViewKind): unknown {
    if (kind === 'confirming' || kind === 'overpaid') {
      const { confirmations: count, targetConfirmations: target } = view;
      // Without BitPay's target there is no "n of m" to show: an indeterminate bar says it is under way.
      if (target === null) return html`<p part="progress"><progress></progress></p>`;
      return html`<p part="progress">
        <progress max=${Math.max(1, target)} value=${count}></progress>
        <small>${t.plural('confirmations', { count, target }, 'target', this.#fmt)}</small>
      </p>`;
    }
    if (kind === 'confirmed' || kind === 'complete') {
      const link = (href: string | null, label: string, cls = '') =>
        href ? html`<a part="button" class="button ${cls}" href=${href}>${label}</a>` : nothing;
      // Back to the shop is the way forward; the receipt link only when there is no shop to return to.
      return html`<div class="actions">
          ${view.redirectURL ? link(view.redirectURL, t.t('backToShop'), 'primary') : link(view.receiptUrl, t.t('receipt'), 'primary')}
        </div>
        ${this.autoRedirect && view.redirectURL ? html`<small>${t.t('redirecting')}</small>` : nothing}`;
    }
    return kind === 'expired' ? this.#button(t.t(isLate(view) ? 'payAgain' : 'startAgain'), this.#startAgain) : nothing;
  }

  #onCurrency(event: Event): void {
    const code = (event.target as HTMLInputElement).value;
    this.currency = code;
    try {
      localStorage.setItem(CURRENCY_KEY, code);
    } catch {
      // Storage off (private mode, sandboxed frame): the choice lasts for this page only.
    }
    this.dispatchEvent(new CurrencySelectEvent(code));
  }

  async #copy(text: string): Promise<void> {
    let key: TextKey = 'copied';
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      key = 'copyFailed';
      // The clipboard refused: show the link as text the shopper can select.
      this._linkShown = true;
    }
    this.#announce(this._t?.t(key) ?? '');
  }

  #announce(message: string): void {
    clearTimeout(this.#noticeTimer);
    this._notice = message;
    this.#noticeTimer = setTimeout(() => {
      this._notice = '';
    }, 6000);
  }

  #resolveLocale(): void {
    const wanted = [
      this.lang,
      this.closest('[lang]')?.getAttribute('lang'),
      document.documentElement.lang,
      ...navigator.languages,
    ];
    const locale = matchLocale(wanted);
    const base = locale.split('-')[0];
    // The first wanted tag of the shown language, if it is a valid one (de-CH → Swiss grouping).
    const tag = wanted.find((w) => w && w.split(/[-_]/)[0]!.toLowerCase() === base)?.replace(/_/g, '-');
    try {
      this.#format = tag && locale !== 'zh-TW' ? (Intl.getCanonicalLocales(tag)[0] ?? '') : '';
    } catch {
      this.#format = '';
    }
    if (locale === this.#locale) return;
    this.#locale = locale;
    loadTranslator(locale)
      .catch(() => loadTranslator('en'))
      .then(
        (t) => {
          // A later change of `lang` wins over a slower earlier load.
          if (this.#locale === locale) this._t = t;
        },
        // Not even English could load (a broken deployment): show the message keys rather than nothing.
        () => {
          this._t = new Translator('en', {});
        },
      );
  }

  /** `createNew`: the id of the expired invoice to replace ("Start again"), or false. */
  async #fetch(createNew: string | false): Promise<void> {
    if (!this.isConnected) return;
    this.#load?.abort();
    const run = new AbortController();
    this.#load = run;
    const id = createNew ? null : this.#currentId || this._invoice?.id || null;
    const order = this.orderId || this._invoice?.orderId || null;
    if (!id && !order) {
      this.#live.stop();
      this._invoice = null;
      this._error = null;
      return;
    }
    this._error = null;
    try {
      // The QR of the currency the card will show comes inline with the invoice: no image round trip.
      const qr = this.currency || this.#stored() || '*';
      const timed = id
        ? await getInvoice(this.endpoint, id, run.signal, qr)
        : await openInvoice(this.endpoint, order!, run.signal, createNew || undefined, qr);
      if (run.signal.aborted) return;
      this.#accept(timed);
      if (!isTerminalView(timed.value)) this.#live.follow(this.endpoint, timed.value.id);
    } catch (err) {
      if (run.signal.aborted) return;
      const error =
        err instanceof CheckoutError ? err : new CheckoutError('NETWORK_ERROR', String((err as Error)?.message ?? err));
      this._error = error;
      this.dispatchEvent(new CheckoutErrorEvent(error));
    }
  }

  /** "Start again": a new invoice for the same order, asked for explicitly (`replace`: the expired one's id). */
  #startAgain = async (): Promise<void> => {
    this.#focusTitle ||= this.matches(':focus-within');
    const expired = this._invoice?.id;
    this.#live.stop();
    this.#currentId = null;
    await this.#fetch(expired ?? false);
  };

  #accept({ value: view, sentAt, receivedAt }: Timed<InvoiceView>): void {
    const previous = this._invoice;
    this.#countdown.sync(view, sentAt, receivedAt);
    const state = viewState(view);
    this.#countdown.deadline = state.payable ? view.expirationTime : null;
    this._invoice = view;
    this._error = null;
    // Only answers to this element's own requests carry a QR; the stream's later views do not.
    if (view.qrCode) this.#qr = { ...view.qrCode, invoice: view.id };
    const same = previous?.id === view.id;
    // A new screen under the shopper's focus (payment arrived): the heading takes it, not <body>.
    if (previous && viewState(previous).kind !== state.kind && this.matches(':focus-within')) this.#focusTitle = true;
    if (!same) {
      this.#fired.clear();
      this.#currentId = view.id;
      this.dispatchEvent(new InvoiceReadyEvent(view));
    } else if (previous.status !== view.status || previous.exceptionStatus !== view.exceptionStatus) {
      this.dispatchEvent(new StatusChangeEvent(view, previous.status, previous.exceptionStatus));
    }
    const s = view.status;
    const done = s === 'confirmed' || s === 'complete';
    if (done || s === 'paid') this.#fireOnce(InvoicePaidEvent, view);
    if (done) this.#fireOnce(InvoiceConfirmedEvent, view);
    if (s === 'complete') this.#fireOnce(InvoiceCompleteEvent, view);
    if (s === 'expired') this.#fireOnce(InvoiceExpiredEvent, view);
    if (view.refund?.status === 'success') this.#fireOnce(InvoiceRefundedEvent, view);
    if (done && this.autoRedirect && view.redirectURL) {
      const url = view.redirectURL;
      clearTimeout(this.#redirectTimer);
      this.#redirectTimer = setTimeout(() => location.assign(url), REDIRECT_DELAY);
    }
  }

  /** Each outcome event fires once per invoice, also when the first view already shows it. */
  #fireOnce(Kind: new (view: InvoiceView) => InvoiceEvent, view: InvoiceView): void {
    if (this.#fired.has(Kind)) return;
    this.#fired.add(Kind);
    this.dispatchEvent(new Kind(view));
  }

  #syncDialog(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.open && !dialog.open) {
      this.#returnFocus = deepActiveElement();
      dialog.showModal();
      this.#lockScroll();
      this.dispatchEvent(new ModalOpenEvent());
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
  }

  /** What the scroll lock changed on the page's root, to put back exactly (null: nothing changed). */
  #scrollLock: { value: string; priority: string; hadStyle: boolean } | null = null;

  /** The page behind the modal does not scroll: `overflow: hidden` on <html>, undone exactly on close. */
  #lockScroll(): void {
    const root = document.documentElement;
    if (this.#scrollLock) return;
    this.#scrollLock = {
      value: root.style.getPropertyValue('overflow'),
      priority: root.style.getPropertyPriority('overflow'),
      hadStyle: root.hasAttribute('style'),
    };
    root.style.setProperty('overflow', 'hidden');
  }

  #unlockScroll(): void {
    const lock = this.#scrollLock;
    if (!lock) return;
    this.#scrollLock = null;
    const root = document.documentElement;
    // Only if it is still ours: a page that changed overflow since keeps its own value.
    if (root.style.getPropertyValue('overflow') !== 'hidden') return;
    if (lock.value) root.style.setProperty('overflow', lock.value, lock.priority);
    else root.style.removeProperty('overflow');
    if (!lock.hadStyle && root.getAttribute('style') === '') root.removeAttribute('style');
  }

  /**
   * Keeps Tab and Shift+Tab inside the open dialog: showModal makes the page inert, but focus still
   * leaves past either end (to the browser, or to the dialog itself), so at the last control Tab
   * goes to the first, and at the first (or on the dialog) Shift+Tab goes to the last.
   */
  #onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Tab') return;
    // The card's controls in order, then the footer's slotted content, which ends the card.
    const tabbable = [
      ...this.renderRoot.querySelectorAll<HTMLElement>('*'),
      ...this.querySelectorAll<HTMLElement>('*'),
    ].filter(
      (el) =>
        el.tabIndex >= 0 &&
        el.checkVisibility() &&
        // Firefox makes the <dialog> itself focusable: the trap skips it.
        !el.matches('dialog,:disabled,a:not([href]),[type=radio]:not(:checked)'),
    );
    // In the direction of travel: from the last (or from the dialog itself), on to the first.
    if (event.shiftKey) tabbable.reverse();
    const active = deepActiveElement();
    if (active === tabbable.at(-1) || active === event.currentTarget) {
      event.preventDefault();
      tabbable[0]?.focus();
    }
  };

  /** Closed by close(), the close button or Escape (the dialog's own cancel, not prevented). */
  #onDialogClose = (): void => {
    this.open = false;
    this.#unlockScroll();
    const target = this.#returnFocus;
    this.#returnFocus = null;
    target?.focus();
    this.dispatchEvent(new ModalCloseEvent(this.invoice));
  };
}
