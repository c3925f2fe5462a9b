import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { nextTickIn, remainingMs, skewFrom, warningLevel } from './clock.js';

/**
 * Ticks once a second while a deadline is set, on BitPay's clock (the one invoice times are on):
 * `sync()` takes a view's `bitpayTime` (else the adapter's `serverTime`) with the local send/receive
 * times, so neither a wrong device clock nor a wrong merchant server clock moves the countdown.
 */
export class CountdownController implements ReactiveController {
  skew = 0;
  #deadline: number | null = null;
  #timer?: ReturnType<typeof setTimeout>;
  #connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called when the countdown crosses a warning threshold (5 or 1 minutes) or reaches zero. */
    private readonly onThreshold?: (level: 0 | 5 | 1, remaining: number) => void,
  ) {
    host.addController(this);
  }

  /** Corrects for clock skew from a view's clocks. */
  sync(view: { bitpayTime?: number | null; serverTime: number }, sentAt: number, receivedAt: number): void {
    this.skew = skewFrom(view.bitpayTime ?? view.serverTime, sentAt, receivedAt);
  }

  /** Counts down to `expirationTime` (server clock), or stops with `null`. */
  set deadline(expirationTime: number | null) {
    this.#deadline = expirationTime;
    this.#schedule();
  }

  /** Milliseconds left on the server's clock (0 without a deadline). */
  get remaining(): number {
    return this.#deadline === null ? 0 : remainingMs(this.#deadline, Date.now(), this.skew);
  }

  #level: 0 | 5 | 1 = 0;

  /** The warning level as of the last tick; each change is reported once, also when a clock jump skips one. */
  get level(): 0 | 5 | 1 {
    return this.#level;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#schedule();
  }

  hostDisconnected(): void {
    this.#connected = false;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (!this.#connected || this.#deadline === null) return;
    const left = this.remaining;
    if (left <= 0) return;
    this.#timer = setTimeout(() => this.#tick(), nextTickIn(left));
  }

  #tick(): void {
    const left = this.remaining;
    const level = warningLevel(left);
    if (level !== this.#level || left === 0) {
      this.#level = level;
      this.onThreshold?.(level, left);
    }
    this.host.requestUpdate();
    this.#schedule();
  }
}
