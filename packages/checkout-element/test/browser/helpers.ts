import type { InvoiceView } from '@bitpay-checkout/contract';
import type { BitpayCheckout } from '../../src/checkout/checkout.js';
import '../../src/define.js';

/** A fresh order id of the test catalogue (`order-…` costs 25.50 USD). */
export function newOrder(prefix = 'order'): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

/** Calls a test-only route of the harness (sandbox controls, stream drops, offline switch). */
export async function harness(path: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(`/harness/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`harness ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Pays the invoice in the sandbox: full, partial or over, in its first currency unless told. */
export function pay(view: InvoiceView, amount: 'full' | 'partial' | 'over' = 'full', currency?: string) {
  return harness(`invoices/${view.id}/pay`, { amount, currency: currency ?? view.paymentCurrencies[0]!.code });
}

/** Polls until `probe` returns something truthy; fails with `what` after `timeout` ms. */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeout = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const mounted: HTMLElement[] = [];

/** Adds `<bitpay-checkout>` with these attributes to the page (removed after each test). */
export function mount(attributes: Record<string, string>, parent: HTMLElement = document.body): BitpayCheckout {
  const el = document.createElement('bitpay-checkout');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  parent.append(el);
  mounted.push(el);
  return el;
}

export function unmountAll(): void {
  localStorage.removeItem('bitpay-checkout:currency');
  for (const el of mounted.splice(0)) el.remove();
}

/** Mounts an element for a new order and waits until its invoice is on screen. */
export async function mountOrder(attributes: Record<string, string> = {}): Promise<BitpayCheckout> {
  const el = mount({ 'order-id': newOrder(), ...attributes });
  await waitFor(() => el.invoice && el.locale && q(el, '.status h2'), 'the invoice');
  return el;
}

/** An element of the shadow root, or null. */
export function q<E extends Element = HTMLElement>(el: BitpayCheckout, selector: string): E | null {
  return el.shadowRoot!.querySelector<E>(selector);
}

/** Text of the status title. */
export function title(el: BitpayCheckout): string {
  return q(el, '#title')?.textContent?.trim() ?? '';
}

/** Waits for the status title to read `text`. */
export function titleBecomes(el: BitpayCheckout, text: string, timeout?: number): Promise<unknown> {
  return waitFor(() => title(el) === text, `title "${text}" (is "${title(el)}")`, timeout);
}

/** Resolves with the next event of this type on `target`. */
export function nextEvent<K extends keyof GlobalEventHandlersEventMap>(
  target: EventTarget,
  type: K,
): Promise<GlobalEventHandlersEventMap[K]> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as never), { once: true }));
}

/** Records every event of these types that reaches `target`. */
export function record(target: EventTarget, types: string[]): Event[] {
  const seen: Event[] = [];
  for (const type of types) target.addEventListener(type, (e) => seen.push(e));
  return seen;
}

/**
 * Reads the element's QR as a camera would: the picture on screen (inline <svg> or <img>) drawn at 4 px
 * a module onto a canvas, its pixels decoded by jsQR in the harness. Null when it does not scan.
 */
export async function scanQr(el: BitpayCheckout): Promise<string | null> {
  const shown = el.shadowRoot!.querySelector<SVGSVGElement | HTMLImageElement>('[part=qr] > :is(svg, img)')!;
  let picture: HTMLImageElement;
  // 4 px a module: an inline drawing says its size in modules; the image is taken at a size of the same order.
  let modules = 40;
  if (shown instanceof HTMLImageElement) {
    picture = shown;
    await waitFor(() => shown.complete && shown.naturalWidth > 0, 'the QR image');
  } else {
    modules = shown.viewBox.baseVal.width;
    picture = new Image();
    picture.src = URL.createObjectURL(
      new Blob([new XMLSerializer().serializeToString(shown)], { type: 'image/svg+xml' }),
    );
    await picture.decode();
  }
  const side = modules * 4;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = side;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(picture, 0, 0, side, side);
  const { data } = ctx.getImageData(0, 0, side, side);
  let binary = '';
  for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
  const { data: text } = (await harness('scan-qr', { width: side, height: side, rgba: btoa(binary) })) as {
    data: string | null;
  };
  return text;
}
