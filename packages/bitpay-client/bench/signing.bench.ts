// `pnpm bench`: our request signing (noble-secp256k1) against the official BitPay Node SDK's (elliptic),
// in one run on the same machine: interleaved throughput rounds, then cold start in fresh child processes.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyFromHex } from '../src/index.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, '..');

// §1.5 vector A3: the exact string the SDK signs for a merchant createInvoice.
const PRIVATE_KEY = '9ee267c293e74c12bf4035746834ad4f5690d546d7d10e15c92fc83043552186';
const A3 =
  'https://test.bitpay.com/invoices{"price":10,"currency":"USD","orderId":"order-1","notificationURL":"https://merchant.example/ipn","guid":"guid-1","token":"someMerchantToken"}';
const A3_SIGNATURE =
  '3045022100f1139b059d6a5cdc351c5a10e20414d8a6314a25c63b3c0ebb1600d37fede6b002202158f9b1f6e14fa45b358a766c5f15c369838b70d77db3361f41e9692780bf79';

// The SDK's own signing path: KeyUtils.sign(data, ecKey) = elliptic sign(sha256(data)).toDER() as hex.
interface SdkKeyUtils {
  load_keypair(hex: string): unknown;
  sign(data: string, key: unknown): string;
}
const sdkEntry = require.resolve('bitpay-sdk');
const { KeyUtils } = require(sdkEntry) as { KeyUtils: new () => SdkKeyUtils };
const sdk = new KeyUtils();
const sdkKey = sdk.load_keypair(PRIVATE_KEY);
const ours = keyFromHex(PRIVATE_KEY);

const sdkSig = sdk.sign(A3, sdkKey);
const ourSig = ours.sign(A3);
if (sdkSig !== A3_SIGNATURE || ourSig !== A3_SIGNATURE) {
  console.error('signatures differ from the §1.5 vector:', { sdkSig, ourSig });
  process.exit(1);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function opsPerSecond(fn: () => void, n: number): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (n / (performance.now() - t0)) * 1000;
}

const signOurs = () => void ours.sign(A3);
const signSdk = () => void sdk.sign(A3, sdkKey);

// warm up both JITs, then size a round to ~250 ms of the slower one
opsPerSecond(signOurs, 300);
opsPerSecond(signSdk, 300);
const n = Math.max(100, Math.round(Math.min(opsPerSecond(signOurs, 200), opsPerSecond(signSdk, 200)) / 4));
const ROUNDS = 9;
const oursRuns: number[] = [];
const sdkRuns: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  // alternate who goes first so neither always gets the cooler CPU
  if (r % 2) {
    sdkRuns.push(opsPerSecond(signSdk, n));
    oursRuns.push(opsPerSecond(signOurs, n));
  } else {
    oursRuns.push(opsPerSecond(signOurs, n));
    sdkRuns.push(opsPerSecond(signSdk, n));
  }
}
const oursMedian = median(oursRuns);
const sdkMedian = median(sdkRuns);

// Cold start: a fresh node process, time from before the import to after the first signature.
// Ours is measured as published (the package's own build script), the SDK as installed.
const distIndex = join(pkgDir, 'dist', 'index.js');
const { scripts } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { scripts: { build: string } };
execSync(scripts.build, {
  cwd: pkgDir,
  stdio: 'inherit',
  env: { ...process.env, PATH: `${join(pkgDir, 'node_modules', '.bin')}${delimiter}${process.env.PATH}` },
});
if (!existsSync(distIndex)) throw new Error('build did not produce dist/index.js');

const childOurs = `
const t0 = performance.now();
const m = await import(${JSON.stringify(new URL(`file://${distIndex}`).href)});
const sig = m.keyFromHex(${JSON.stringify(PRIVATE_KEY)}).sign(${JSON.stringify(A3)});
const ms = performance.now() - t0;
if (sig !== ${JSON.stringify(A3_SIGNATURE)}) process.exit(3);
console.log(ms);`;
const childSdk = `
import { createRequire } from 'node:module';
const t0 = performance.now();
const { KeyUtils } = createRequire(import.meta.url)(${JSON.stringify(sdkEntry)});
const ku = new KeyUtils();
const sig = ku.sign(${JSON.stringify(A3)}, ku.load_keypair(${JSON.stringify(PRIVATE_KEY)}));
const ms = performance.now() - t0;
if (sig !== ${JSON.stringify(A3_SIGNATURE)}) process.exit(3);
console.log(ms);`;

function coldStart(code: string): number {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', cwd: pkgDir });
  if (r.status !== 0) throw new Error(`cold-start child failed (${r.status}): ${r.stderr}`);
  return Number(r.stdout.trim());
}
const COLD_RUNS = 11;
const coldOurs: number[] = [];
const coldSdk: number[] = [];
for (let i = 0; i < COLD_RUNS; i++) {
  coldOurs.push(coldStart(childOurs));
  coldSdk.push(coldStart(childSdk));
}
const coldOursMedian = median(coldOurs);
const coldSdkMedian = median(coldSdk);

const fmt = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const rows: [string, string, string, string][] = [
  ['', '@bitpay-checkout/bitpay-client', 'bitpay-sdk 8.0.4 (elliptic)', 'ratio'],
  [
    `sign A3 (ops/s, median of ${ROUNDS}×${n})`,
    fmt(oursMedian),
    fmt(sdkMedian),
    `${fmt(oursMedian / sdkMedian, 2)}× faster`,
  ],
  [
    `cold start: import + 1st signature (ms, median of ${COLD_RUNS})`,
    fmt(coldOursMedian, 1),
    fmt(coldSdkMedian, 1),
    `${fmt(coldSdkMedian / coldOursMedian, 2)}× faster`,
  ],
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(`\nRequest signing, Node ${process.version}, same machine, one run (signatures identical to §1.5 A3)\n`);
for (const [i, r] of rows.entries()) {
  console.log(r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
console.log(
  `\nthroughput runs (ops/s): ours [${oursRuns.map((x) => fmt(x)).join(', ')}]  sdk [${sdkRuns.map((x) => fmt(x)).join(', ')}]`,
);
console.log(
  `cold runs (ms): ours [${coldOurs.map((x) => fmt(x, 1)).join(', ')}]  sdk [${coldSdk.map((x) => fmt(x, 1)).join(', ')}]`,
);
console.log(`goal: ≥ 2× the SDK's signing throughput → ${oursMedian / sdkMedian >= 2 ? 'met' : 'NOT met'}`);
const coldRatio = coldOursMedian / coldSdkMedian;
console.log(`goal: cold start ≤ 0.5 of the SDK's → ${fmt(coldRatio, 2)}, ${coldRatio <= 0.5 ? 'met' : 'NOT met'}`);
