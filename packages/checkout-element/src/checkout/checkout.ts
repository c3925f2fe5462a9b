import { type InvoiceView, isTerminalView, type PaymentCurrency } from '@bitpay-checkout/contract';
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
  ModalCloseEvent,
  ModalOpenEvent,
  StatusChangeEvent,
} from '../events/invoice-events.js';
import { formatCryptoWithCode, formatFiat, isZero } from '../format/amount.js';
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

function deepActiveElement(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el as HTMLElement | null;
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
 * @event bitpay-checkout-error - CheckoutErrorEvent: loading or following failed (`event.error.code`).
 * @event bitpay-currency-select - CurrencySelectEvent: the shopper picked a currency (`event.currency`).
 * @event bitpay-modal-open - ModalOpenEvent: the modal opened.
 * @event bitpay-modal-close - ModalCloseEvent: the modal closed; the invoice stays payable.
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
    _invoice: { state: true },
    _error: { state: true },
    _t: { state: true },
    _notice: { state: true },
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

  /** @internal */
  declare _invoice?: InvoiceView | null;
  /** @internal */
  declare _error?: CheckoutError | null;
  /** @internal Messages of the shown locale; unset until the first locale module loads. */
  declare _t?: Translator | null;
  /** @internal */
  declare _notice?: string;

  #load?: AbortController;
  #fired = new Set<unknown>();
  #currentId: string | null = null;
  #returnFocus: HTMLElement | null = null;
  #noticeTimer?: ReturnType<typeof setTimeout>;
  #redirectTimer?: ReturnType<typeof setTimeout>;
  #locale = '';

  readonly #countdown = new CountdownController(this, (level, left) => {
    if (left === 0) {
      // The server decides expiry; ask it now instead of waiting for the stream.
      this.#live.reconnect();
    } else if (level) {
      this.#announce(this._t?.plural('minutesLeft', { count: Math.max(1, Math.round(left / 60_000)) }) ?? '');
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
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lang')) this.#resolveLocale();
    if (changed.has('orderId') || changed.has('invoiceId') || changed.has('endpoint')) {
      this.#currentId = this.invoiceId || null;
      void this.#fetch(false);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('open') || changed.has('mode')) this.#syncDialog();
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
      class="card ${error ? 'error' : (state?.tone ?? '')}"
      dir=${isRtl(t.locale) ? 'rtl' : 'ltr'}
      lang=${t.locale}
    >
      <header part="header">
        <div dir="auto">
          <strong>${view?.merchantName}</strong>
          <p class="muted">${view?.itemDesc}</p>
        </div>
        ${view ? html`<p class="price">${formatFiat(view.price, view.currency, t.locale)}</p>` : nothing} ${close}
      </header>
      ${error ? this.#errorBody(t, error) : view && state ? this.#invoiceBody(t, view, state.kind) : this.#status(t.t('loading'))}
      <p part="notice" class="notice" role="status">${this._notice}</p>
      <slot name="footer"></slot>
    </div>`;
  }

  #status(title: string, text?: string, extra: unknown = nothing): TemplateResult {
    return html`<div part="status" class="status" role="status">
      <h2 id="title">${title}</h2>
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
    return html`${this.#status(t.t(key === 'errorBody' ? 'errorTitle' : key), key === 'errorBody' ? t.t(key) : '')}
    ${error.retryable ? this.#button(t.t('retry'), () => this.#fetch(false)) : nothing}`;
  }

  #selected(view: InvoiceView): PaymentCurrency | undefined {
    const list = view.paymentCurrencies;
    return (
      list.find((c) => c.code === this.currency) ?? list.find((c) => c.code === view.transactionCurrency) ?? list[0]
    );
  }

  /** An amount in a payment currency, e.g. "0.000412 BTC"; `code` names it when the invoice no longer lists it. */
  #crypto(amount: string, currency: PaymentCurrency | undefined, code?: string | null): string {
    return formatCryptoWithCode(amount, currency?.code ?? code ?? '', currency?.decimals ?? 8, this.locale);
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
            ? formatFiat(refund.amount, refund.currency, t.locale)
            : '';
    const body: TextKey =
      kind === 'expired' && view.exceptionStatus === 'paidPartial'
        ? 'expiredPartialBody'
        : kind === 'refunded' && refund?.status !== 'success'
          ? 'refundPendingBody'
          : `${kind}Body`;
    return html`${this.#status(
      t.t(`${kind}Title`),
      t.t(body, { amount }),
      this.#live.connection === 'reconnecting' ? html`<small>${t.t('reconnecting')}</small>` : nothing,
    )}
    ${kind === 'awaiting' || kind === 'partial' ? this.#payment(t, view) : this.#outcome(t, view, kind)}`;
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
    return html`${
      view.paymentCurrencies.length > 1 && !partial
        ? html`<fieldset part="currencies">
            <legend>${t.t('payWith')}</legend>
            ${view.paymentCurrencies.map(
              (c) =>
                html`<label title=${c.name}
                  ><input
                    type="radio"
                    name="currency"
                    .value=${c.code}
                    .checked=${c === selected}
                    @change=${this.#onCurrency}
                  />${c.code}</label
                >`,
            )}
          </fieldset>`
        : nothing
    }
      <div part="amount" class="amount">
        <span class="muted">${t.t('amountToPay')}</span>
        <strong>${this.#crypto(due, selected)}</strong>
        <span class="muted">${t.t('total')}: ${formatFiat(view.price, view.currency, t.locale)}</span>
        ${
          isZero(selected.networkCost)
            ? nothing
            : html`<small>${t.t('networkCost', { amount: this.#crypto(selected.networkCost, selected) })}</small>`
        }
      </div>
      <figure part="qr">
        <img
          src=${selected.qr}
          alt=${t.t('qrAlt', { amount: this.#crypto(due, selected), currency: selected.name })}
        />
        <figcaption class="muted">${t.t('scanHint')}</figcaption>
      </figure>
      <div part="actions" class="actions">
        ${uri ? html`<a part="wallet-link" class="button primary" href=${uri}>${t.t('openWallet')}</a>` : nothing}
        ${copy(due, t.t('copyAmount'))} ${uri ? copy(uri, t.t('copyLink')) : nothing}
      </div>
      <p part="countdown" class=${this.#countdown.level === 1 ? 'late' : ''}>
        ${t.t('timeLeft')} <strong>${formatRemaining(this.#countdown.remaining)}</strong>
      </p>
      ${view.url ? html`<a href=${view.url} target="_blank"><small>${t.t('hostedPage')}</small></a>` : nothing}`;
  }

  #outcome(t: Translator, view: InvoiceView, kind: ViewKind): unknown {
    if (kind === 'confirming' || kind === 'overpaid') {
      const { confirmations: count, targetConfirmations: target } = view;
      // Without BitPay's target there is no "n of m" to show: an indeterminate bar says it is under way.
      if (target === null) return html`<p part="progress"><progress></progress></p>`;
      return html`<p part="progress">
        <progress max=${Math.max(1, target)} value=${count}></progress>
        <small>${t.plural('confirmations', { count, target }, 'target')}</small>
      </p>`;
    }
    if (kind === 'confirmed' || kind === 'complete') {
      const link = (href: string | null, label: string, cls = '') =>
        href ? html`<a part="button" class="button ${cls}" href=${href}>${label}</a>` : nothing;
      return html`<div class="actions">
          ${link(view.receiptUrl, t.t('receipt'), 'primary')} ${link(view.redirectURL, t.t('backToShop'))}
        </div>
        ${this.autoRedirect && view.redirectURL ? html`<small>${t.t('redirecting')}</small>` : nothing}`;
    }
    return kind === 'expired' ? this.#button(t.t('startAgain'), this.#startAgain) : nothing;
  }

  #onCurrency(event: Event): void {
    const code = (event.target as HTMLInputElement).value;
    this.currency = code;
    this.dispatchEvent(new CurrencySelectEvent(code));
  }

  async #copy(text: string): Promise<void> {
    let key: TextKey = 'copied';
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      key = 'copyFailed';
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

  async #fetch(createNew: boolean): Promise<void> {
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
      const timed = id
        ? await getInvoice(this.endpoint, id, run.signal)
        : await openInvoice(this.endpoint, order!, run.signal);
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

  /** "Start again": a new invoice for the same order (the adapter replaces an expired one). */
  #startAgain = async (): Promise<void> => {
    this.#live.stop();
    this.#currentId = null;
    await this.#fetch(true);
  };

  #accept({ value: view, sentAt, receivedAt }: Timed<InvoiceView>): void {
    const previous = this._invoice;
    this.#countdown.sync(view, sentAt, receivedAt);
    const state = viewState(view);
    this.#countdown.deadline = state.payable ? view.expirationTime : null;
    this._invoice = view;
    this._error = null;
    const same = previous?.id === view.id;
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
      this.dispatchEvent(new ModalOpenEvent());
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
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
        el.tabIndex >= 0 && el.checkVisibility() && !el.matches(':disabled,a:not([href]),[type=radio]:not(:checked)'),
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
    const target = this.#returnFocus;
    this.#returnFocus = null;
    target?.focus();
    this.dispatchEvent(new ModalCloseEvent(this.invoice));
  };
}
