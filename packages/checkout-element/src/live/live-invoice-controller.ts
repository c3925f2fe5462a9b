import { type InvoiceView, isTerminalView, SSE_INVOICE_EVENT } from '@bitpay-checkout/contract';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { eventsUrl, getInvoice, type Timed } from '../api/adapter-client.js';
import type { CheckoutError } from '../api/checkout-error.js';
import { backoffDelay } from './backoff.js';

/** How the element follows the invoice: `live` (stream open), `reconnecting`, `idle`, or `closed` (terminal view). */
export type Connection = 'idle' | 'live' | 'reconnecting' | 'closed';

export interface LiveInvoiceOptions {
  /** Each view as it arrives, newest last. */
  onView(view: Timed<InvoiceView>): void;
  /** A fallback poll failed (it is retried with backoff). */
  onError?(error: CheckoutError): void;
}

/**
 * Follows one invoice over Server-Sent Events. While the stream is reconnecting the browser resumes
 * it itself (with Last-Event-ID, every `retry` ms). When the browser gives up (HTTP error, proxy that
 * refuses streams), the controller falls back to polling `GET /invoices/:id` with jittered backoff
 * and re-opens the stream after a good poll. A terminal view ends it for good. One run at a time:
 * `follow()` aborts the previous one, and so does disconnecting the host.
 */
export class LiveInvoiceController implements ReactiveController {
  #run?: AbortController;
  #target?: [endpoint: string, id: string];
  connection: Connection = 'idle';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: LiveInvoiceOptions,
  ) {
    host.addController(this);
  }

  /** Starts following invoice `id` at `endpoint` (and stops following anything else). */
  follow(endpoint: string, id: string): void {
    this.#target = [endpoint, id];
    this.reconnect();
  }

  /** Re-opens the stream now (e.g. when the countdown ends, to learn the outcome at once). */
  reconnect(): void {
    this.#run?.abort();
    if (!this.#target) return;
    this.#run = new AbortController();
    this.#stream(this.#run.signal, 0);
  }

  /** Stops following; nothing more is delivered. */
  stop(): void {
    this.#target = undefined;
    this.hostDisconnected();
    this.#set('idle');
  }

  hostConnected(): void {
    if (!this.#run && this.connection !== 'closed') this.reconnect();
  }

  hostDisconnected(): void {
    this.#run?.abort();
    this.#run = undefined;
  }

  #set(state: Connection): void {
    if (this.connection === state) return;
    this.connection = state;
    this.host.requestUpdate();
  }

  /** Hands a view over; true when it was terminal and following has ended. */
  #deliver(view: Timed<InvoiceView>, signal: AbortSignal): boolean {
    if (signal.aborted) return true;
    this.options.onView(view);
    if (!isTerminalView(view.value)) return false;
    this.hostDisconnected();
    this.#set('closed');
    return true;
  }

  #stream(signal: AbortSignal, attempt: number): void {
    const [endpoint, id] = this.#target!;
    const source = new EventSource(eventsUrl(endpoint, id));
    signal.addEventListener('abort', () => source.close());
    source.addEventListener('open', () => this.#set('live'));
    source.addEventListener(SSE_INVOICE_EVENT, (event) => {
      const now = Date.now();
      this.#set('live');
      this.#deliver({ value: JSON.parse((event as MessageEvent<string>).data), sentAt: now, receivedAt: now }, signal);
    });
    source.addEventListener('error', () => {
      if (signal.aborted) return;
      this.#set('reconnecting');
      // CONNECTING: the browser retries on its own. CLOSED: it gave up, so poll until the stream can open again.
      if (source.readyState === EventSource.CLOSED) this.#poll(signal, attempt);
    });
  }

  #poll(signal: AbortSignal, attempt: number): void {
    const [endpoint, id] = this.#target!;
    const timer = setTimeout(async () => {
      try {
        const view = await getInvoice(endpoint, id, signal);
        if (!this.#deliver(view, signal)) this.#stream(signal, attempt + 1);
      } catch (err) {
        if (signal.aborted) return;
        this.options.onError?.(err as CheckoutError);
        this.#poll(signal, attempt + 1);
      }
    }, backoffDelay(attempt));
    signal.addEventListener('abort', () => clearTimeout(timer));
  }
}
