import type { QrDrawing } from '@bitpay-checkout/contract';
import QRCode from 'qrcode';
import { RateBudget } from '../http/rate-limit.js';
import { DEFAULT_RATE_LIMIT } from '../options/defaults.js';
import type { ResolvedOptions } from '../options/validate.js';
import { QR_CODE_PREFERENCE } from '../view/public-view.js';
import type { StoredView } from '../view/types.js';

/** A QR drawing on its own, before it is said which currency's it is. */
type Drawing = Omit<QrDrawing, 'currency'>;

/** Modules of white around the code, as wallets' scanners expect. */
const QUIET_ZONE = 2;

/** The QR code of `text` as the path of its dark modules: each row's runs as strokes one module wide. */
export function drawQr(text: string): Drawing {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  let path = '';
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (!modules.get(y, x)) continue;
      const start = x;
      while (x + 1 < n && modules.get(y, x + 1)) x++;
      path += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}.5h${x - start + 1}`;
    }
  }
  return { size: n + 2 * QUIET_ZONE, path };
}

/** A drawing as a standalone SVG document (the `qr.svg` image): the same picture as the inline one. */
export function qrSvgDocument({ size, path }: Drawing): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><path fill="#fff" d="M0 0h${size}v${size}H0z"/><path stroke="#000" d="${path}"/></svg>\n`;
}

/** The payment code a currency's QR encodes (the one wallets open), or undefined when it has none. */
export function qrPayload(view: StoredView, currency: string): string | undefined {
  const offered = view.paymentCurrencies.find((c) => c.code === currency);
  return offered && QR_CODE_PREFERENCE.map((name) => offered.paymentCodes[name]).find((v) => v !== undefined);
}

/**
 * Draws QR codes for the image route and for views that carry one inline. A payment code never changes,
 * so drawings are kept (up to `qr.cacheEntries`) and free; new drawings cost CPU and are limited per address.
 */
export class QrPainter {
  readonly #cache = new Map<string, Drawing>();
  readonly #entries: number;
  readonly #renders: RateBudget | null;

  constructor(opts: ResolvedOptions) {
    const windowMs = opts.rateLimit === false ? DEFAULT_RATE_LIMIT.windowMs : opts.rateLimit.windowMs;
    this.#entries = opts.qr.cacheEntries;
    this.#renders =
      opts.qr.rendersPerAddress === false ? null : new RateBudget('QR', opts.qr.rendersPerAddress, windowMs, opts.now);
  }

  /** The drawing of `code`, or null when `address` has used its drawing budget and it is not kept. */
  draw(code: string, address: string): Drawing | null {
    let drawing = this.#cache.get(code);
    if (drawing) return drawing;
    if (this.#renders && !this.#renders.spend(address)) return null;
    drawing = drawQr(code);
    if (this.#entries > 0) {
      if (this.#cache.size >= this.#entries) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(code, drawing);
    }
    return drawing;
  }

  /** The refusal to send when `draw` returned null. */
  refusal(address: string) {
    return this.#renders!.refusal(address);
  }

  /**
   * The inline QR for a view answer that asked for `wanted`: that currency if offered, else (also for `*`) the one
   * paid with so far, else the first: what a page shows without a preference it can use. Null when none can be drawn.
   */
  inline(view: StoredView, wanted: string, address: string): QrDrawing | null {
    const codes = view.paymentCurrencies.map((c) => c.code);
    const currency = [wanted, view.transactionCurrency, codes[0]].find((c) => c && codes.includes(c));
    const payload = currency && qrPayload(view, currency);
    if (!currency || !payload) return null;
    const drawing = this.draw(payload, address);
    return drawing && { currency, ...drawing };
  }
}
