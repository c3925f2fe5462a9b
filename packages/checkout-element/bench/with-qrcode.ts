// Size probe, never shipped: the script-tag bundle as it would be if the element drew QR codes in
// the browser with `qrcode` instead of loading the adapter's SVG. `pnpm bench` prints the difference.
import QRCode from 'qrcode';

export { BitpayCheckout } from '../src/bundle.js';

/** Keeps the encoder in the bundle (an unused import would be dropped). */
export function renderQr(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M' });
}
