// `pnpm bench`, part 2: a shopper on a slow mobile network. Real Chromium (playwright-core) opens an
// English order page of the harness (the real adapter and the BitPay sandbox) with Chromium's own 3G
// emulation (CDP Network.emulateNetworkConditions: 562 ms round trip, 1.44 Mbps down, 675 kbps up,
// no cache) and reports the element's JavaScript on the wire and the time from navigation to a drawn
// QR code. Fails over target. `BENCH_BUNDLE_DIR` measures another build (e.g. an older one).
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../../scripts/chromium.mjs';
import { startHarness } from '../test/harness/server.js';

/** Targets: bytes of element JavaScript on the wire (headers included) and ms from navigation to QR. */
export const WIRE_TARGET = 13_000;
export const QR_TARGET_MS = 2_000;
const RUNS = 5;

const harness = await startHarness(process.env.BENCH_BUNDLE_DIR ? { bundleDir: process.env.BENCH_BUNDLE_DIR } : {});
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
const results: { wire: number; body: number; qrMs: number; scripts: string[] }[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 562,
      downloadThroughput: 1.44e6 / 8,
      uploadThroughput: 675e3 / 8,
      connectionType: 'cellular3g',
    });
    // Wire bytes as Chromium counts them (encoded body and headers) for each script response.
    const wire = new Map<string, number>();
    const bodies = new Map<string, number>();
    const urls = new Map<string, string>();
    // BENCH_TRACE=1 prints each request's start and end (ms since navigation) to see the chain.
    const trace = new Map<string, string>();
    let t0 = 0;
    cdp.on('Network.requestWillBeSent', (e) => {
      t0 ||= e.timestamp;
      trace.set(
        e.requestId,
        `${Math.round((e.timestamp - t0) * 1000)} ms ${e.request.method} ${new URL(e.request.url).pathname}`,
      );
    });
    cdp.on('Network.responseReceived', (e) => {
      if (e.type !== 'Script') return;
      urls.set(e.requestId, e.response.url);
      // The compressed body alone (Content-Length); the rest of the wire bytes are the response headers.
      const length = Object.entries(e.response.headers).find(([name]) => name.toLowerCase() === 'content-length');
      bodies.set(e.response.url, Number(length?.[1] ?? Number.NaN));
    });
    cdp.on('Network.loadingFinished', (e) => {
      const url = urls.get(e.requestId);
      if (url) wire.set(url, e.encodedDataLength);
      if (process.env.BENCH_TRACE && run === 0)
        console.log(
          `  ${trace.get(e.requestId)} → ${Math.round((e.timestamp - t0) * 1000)} ms, ${e.encodedDataLength} B`,
        );
    });
    await page.goto(`${harness.url}/harness/page?order-id=order-bench-${run}-${Date.now()}&lang=en`, {
      waitUntil: 'commit',
    });
    const qrMs = await page.waitForFunction(
      () => {
        const img = document
          .querySelector('bitpay-checkout')
          ?.shadowRoot?.querySelector<HTMLImageElement>('[part=qr] img');
        const svg = document.querySelector('bitpay-checkout')?.shadowRoot?.querySelector('[part=qr] svg');
        return (img?.complete && img.naturalWidth > 0) || svg ? performance.now() : 0;
      },
      undefined,
      { polling: 'raf', timeout: 60_000 },
    );
    await page.waitForTimeout(200);
    results.push({
      wire: [...wire.values()].reduce((a, b) => a + b, 0),
      body: [...bodies.values()].reduce((a, b) => a + b, 0),
      qrMs: Math.round(await qrMs.jsonValue()),
      scripts: [...wire.keys()].map((u) => new URL(u).pathname),
    });
    await context.close();
  }
} finally {
  await browser.close();
  await harness.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const wire = median(results.map((r) => r.wire));
const qrMs = median(results.map((r) => r.qrMs));
console.log(`simulated 3G (562 ms RTT, 1.44 Mbps down), English order page, ${RUNS} cold loads, median:`);
console.log(`  scripts: ${results[0]!.scripts.join(', ')}`);
const body = median(results.map((r) => r.body));
console.log(
  `  element JavaScript on the wire: ${wire} bytes (target ≤ ${WIRE_TARGET}): ${body} of compressed script, ${wire - body} of response headers`,
);
console.log(`  navigation to QR: ${qrMs} ms (target ≤ ${QR_TARGET_MS}; runs ${results.map((r) => r.qrMs).join(', ')})`);
let failed = false;
if (wire > WIRE_TARGET) {
  console.error(`✖ the element's JavaScript is ${wire - WIRE_TARGET} bytes over target on the wire`);
  failed = true;
}
if (qrMs > QR_TARGET_MS) {
  console.error(`✖ the QR code shows ${qrMs - QR_TARGET_MS} ms later than the target`);
  failed = true;
}
if (failed) process.exit(1);
