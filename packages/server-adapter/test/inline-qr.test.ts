import type { InvoiceView, QrDrawing } from '@bitpay-checkout/contract';
import jsqr from 'jsqr';
import { beforeEach, describe, expect, it } from 'vitest';
import { postJson, readEvents, type TestShop } from './harness.js';
import { useBitPay } from './hooks.js';

const bitpay = useBitPay();
let shop: TestShop;

beforeEach(async () => {
  shop = await bitpay.shop({ qr: { rendersPerAddress: 3 } });
  shop.orders.set('qr-1', { price: 12, currency: 'USD', itemDesc: 'QR' });
});

// A CommonJS module typed as an ES one: its default export is also `module.exports.default`.
const jsQR = jsqr.default;

/** What a wallet's camera reads from the drawing: the path painted at 4 px a module, decoded by jsQR. */
function scan({ size, path }: QrDrawing): string | undefined {
  const scale = 4;
  const width = size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y, n] of path.matchAll(/M(\d+) (\d+)\.5h(\d+)/g)) {
    for (let row = Number(y) * scale; row < (Number(y) + 1) * scale; row++) {
      for (let col = Number(x) * scale; col < (Number(x) + Number(n)) * scale; col++) {
        pixels.fill(0, (row * width + col) * 4, (row * width + col) * 4 + 3);
      }
    }
  }
  return jsQR(pixels, width, width)?.data;
}

const codeOf = (view: InvoiceView, currency: string) => {
  const codes = view.paymentCurrencies.find((c) => c.code === currency)!.paymentCodes;
  return codes.BIP72b ?? codes.EIP681 ?? codes.EIP681b ?? codes.RIP681 ?? codes.BIP73;
};

describe('the QR inline with the view (one round trip less before the shopper can scan)', () => {
  it('POST /invoices {qr} carries that currency’s QR, which scans as its payment code', async () => {
    const res = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'qr-1', qr: 'ETH' });
    expect(res.status).toBe(201);
    const view = res.json as InvoiceView;
    expect(view.qrCode?.currency).toBe('ETH');
    expect(scan(view.qrCode!)).toBe(codeOf(view, 'ETH'));
    // The image of the same currency is the same picture.
    const image = await (await fetch(`${shop.base}${view.paymentCurrencies.find((c) => c.code === 'ETH')!.qr}`)).text();
    expect(image).toContain(`viewBox="0 0 ${view.qrCode!.size} ${view.qrCode!.size}"`);
    expect(image).toContain(`d="${view.qrCode!.path}"`);
  });

  it('GET /invoices/:id?qr= too; without qr, or in the event stream, there is none', async () => {
    const created = (await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'qr-1' })).json as InvoiceView;
    expect(created.qrCode).toBeUndefined();
    const got = (await (await fetch(`${shop.base}/bitpay/invoices/${created.id}?qr=btc`)).json()) as InvoiceView;
    expect(got.qrCode?.currency).toBe('BTC');
    expect(scan(got.qrCode!)).toBe(codeOf(got, 'BTC'));
    expect(Object.keys(got).slice(-3)).toEqual(['qrCode', 'bitpayTime', 'serverTime']);
    const plain = (await (await fetch(`${shop.base}/bitpay/invoices/${created.id}`)).json()) as InvoiceView;
    expect(plain.qrCode).toBeUndefined();
    const stream = await readEvents(`${shop.base}/bitpay/invoices/${created.id}/events`, {
      until: (events) => events.length > 0,
    });
    expect(stream.events[0]!.data).not.toContain('qrCode');
  });

  it('a currency the invoice does not offer gets the first offered one; a malformed qr is a 400', async () => {
    const res = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'qr-1', qr: 'NOPE' });
    const view = res.json as InvoiceView;
    expect(view.qrCode?.currency).toBe(view.paymentCurrencies[0]!.code);
    for (const qr of [{}, 'B T C', 'x'.repeat(17), 7]) {
      const bad = await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'qr-1', qr });
      expect(bad.status, JSON.stringify(qr)).toBe(400);
      expect(bad.json.error.code).toBe('INVALID_REQUEST');
    }
    const query = await fetch(`${shop.base}/bitpay/invoices/${view.id}?qr=BTC&qr=ETH`);
    expect(query.status).toBe(400);
    const any = (await (await fetch(`${shop.base}/bitpay/invoices/${view.id}?qr=*`)).json()) as InvoiceView;
    expect(any.qrCode?.currency).toBe(view.paymentCurrencies[0]!.code);
  });

  it('past the drawing budget the view comes without its QR, not with an error; kept drawings stay free', async () => {
    const view = (await postJson(`${shop.base}/bitpay/invoices`, { orderId: 'qr-1', qr: 'BTC' })).json as InvoiceView;
    // Three different payment codes (tokens on Ethereum share ETH's payment-protocol URL, so its drawing).
    const drawn = ['ETH', 'XRP'];
    const paths = new Map<string, string>();
    for (const qr of drawn) {
      const got = (await (await fetch(`${shop.base}/bitpay/invoices/${view.id}?qr=${qr}`)).json()) as InvoiceView;
      expect(got.qrCode?.currency).toBe(qr);
      paths.set(qr, got.qrCode!.path);
    }
    const usdc = (await (await fetch(`${shop.base}/bitpay/invoices/${view.id}?qr=USDC`)).json()) as InvoiceView;
    expect(usdc.qrCode?.path).toBe(paths.get('ETH'));
    // Budget of 3 spent (BTC, ETH, XRP): a fourth payment code comes without a drawing, the image says why.
    const other = view.paymentCurrencies.find((c) => c.code === 'DOGE')!;
    const res = await fetch(`${shop.base}/bitpay/invoices/${view.id}?qr=${other.code}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as InvoiceView).qrCode).toBeUndefined();
    expect((await fetch(`${shop.base}${other.qr}`)).status).toBe(429);
    const again = (await (await fetch(`${shop.base}/bitpay/invoices/${view.id}?qr=BTC`)).json()) as InvoiceView;
    expect(again.qrCode?.currency).toBe('BTC');
  });
});
