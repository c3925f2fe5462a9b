// `pnpm bench`: our request signing (OpenSSL through node:crypto) against the official BitPay Node SDK's
// (elliptic), and against noble's own `sign` (the audited alternative we did not ship), in one run on the same
// machine: interleaved throughput rounds, then cold start in fresh child processes. Our signatures are
// randomised, so every signature is checked by verifying it with OpenSSL rather than by its bytes.
import { execSync, spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';
import { keyFromHex } from '../src/index.js';
import { encodeDerSignature } from '../src/signing/der.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, '..');

// §1.5 vector A3: the exact string the SDK signs for a merchant createInvoice.
const PRIVATE_KEY = '9ee267c293e74c12bf4035746834ad4f5690d546d7d10e15c92fc83043552186';
const A3 =
  'https://test.bitpay.com/invoices{"price":10,"currency":"USD","orderId":"order-1","notificationURL":"https://merchant.example/ipn","guid":"guid-1","token":"someMerchantToken"}';
const A3_SIGNATURE =
  '3045022100f1139b059d6a5cdc351c5a10e20414d8a6314a25c63b3c0ebb1600d37fede6b002202158f9b1f6e14fa45b358a766c5f15c369838b70d77db3361f41e9692780bf79';

// OpenSSL's verifier, independent of all three signers: X-Identity wrapped as an SPKI public key.
const SPKI_PREFIX = '3036301006072a8648ce3d020106052b8104000a032200';
const ours = keyFromHex(PRIVATE_KEY);
const identityKey = createPublicKey({
  key: Buffer.from(SPKI_PREFIX + ours.identity, 'hex'),
  format: 'der',
  type: 'spki',
});
const verifiesA3 = (derHex: string) =>
  verify('sha256', Buffer.from(A3, 'utf8'), identityKey, Buffer.from(derHex, 'hex'));

// The SDK's own signing path: KeyUtils.sign(data, ecKey) = elliptic sign(sha256(data)).toDER() as hex.
interface SdkKeyUtils {
  load_keypair(hex: string): unknown;
  sign(data: string, key: unknown): string;
}
const sdkEntry = require.resolve('bitpay-sdk');
const { KeyUtils } = require(sdkEntry) as { KeyUtils: new () => SdkKeyUtils };
const sdk = new KeyUtils();
const sdkKey = sdk.load_keypair(PRIVATE_KEY);

// noble's own deterministic `sign` with its base-point table, DER-encoded like a client would have to.
secp.hashes.sha256 ??= sha256;
secp.hashes.hmacSha256 ??= (key, msg) => hmac(sha256, key, msg);
const nobleSecret = hexToBytes(PRIVATE_KEY);
const a3Bytes = utf8ToBytes(A3);
const nobleSign = (): string => {
  const { r, s } = secp.Signature.fromBytes(secp.sign(a3Bytes, nobleSecret, { lowS: false }));
  return bytesToHex(encodeDerSignature(r, s));
};

interface Signer {
  name: string;
  sign: () => string;
  /** A fresh process: import + key + first signature; prints `<ms> <signature hex>`. */
  cold: string;
}

// Ours is measured as published (the package's own build script), the SDK and noble as installed.
const distIndex = join(pkgDir, 'dist', 'index.js');
const { scripts } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { scripts: { build: string } };
execSync(scripts.build, {
  cwd: pkgDir,
  stdio: 'inherit',
  env: { ...process.env, PATH: `${join(pkgDir, 'node_modules', '.bin')}${delimiter}${process.env.PATH}` },
});
if (!existsSync(distIndex)) throw new Error('build did not produce dist/index.js');

const url = (specifier: string) => JSON.stringify(import.meta.resolve(specifier));
const signers: Signer[] = [
  {
    name: 'bitpay-client, node:crypto (ours)',
    sign: () => ours.sign(A3),
    cold: `
const t0 = performance.now();
const m = await import(${JSON.stringify(new URL(`file://${distIndex}`).href)});
const sig = m.keyFromHex(${JSON.stringify(PRIVATE_KEY)}).sign(${JSON.stringify(A3)});
console.log(performance.now() - t0, sig);`,
  },
  {
    name: 'bitpay-sdk 8.0.4 (elliptic)',
    sign: () => sdk.sign(A3, sdkKey),
    cold: `
import { createRequire } from 'node:module';
const t0 = performance.now();
const { KeyUtils } = createRequire(import.meta.url)(${JSON.stringify(sdkEntry)});
const ku = new KeyUtils();
const sig = ku.sign(${JSON.stringify(A3)}, ku.load_keypair(${JSON.stringify(PRIVATE_KEY)}));
console.log(performance.now() - t0, sig);`,
  },
  {
    name: 'noble sign (not shipped)',
    sign: nobleSign,
    // prints compact r ‖ s; the parent DER-encodes it before verifying
    cold: `
const t0 = performance.now();
const secp = await import(${url('@noble/secp256k1')});
const { sha256 } = await import(${url('@noble/hashes/sha2.js')});
const { hmac } = await import(${url('@noble/hashes/hmac.js')});
secp.hashes.sha256 = sha256;
secp.hashes.hmacSha256 = (k, m) => hmac(sha256, k, m);
const d = Uint8Array.from(Buffer.from(${JSON.stringify(PRIVATE_KEY)}, 'hex'));
secp.getPublicKey(d, true);
const sig = secp.sign(new TextEncoder().encode(${JSON.stringify(A3)}), d, { lowS: false });
console.log(performance.now() - t0, 'compact:' + Buffer.from(sig).toString('hex'));`,
  },
];

// The SDK is deterministic (RFC 6979): its bytes must be the §1.5 vector. Every signer's output must verify.
if (sdk.sign(A3, sdkKey) !== A3_SIGNATURE) throw new Error('bitpay-sdk no longer gives the §1.5 A3 signature');
for (const s of signers) if (!verifiesA3(s.sign())) throw new Error(`${s.name}: signature does not verify`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function opsPerSecond(fn: () => unknown, n: number): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (n / (performance.now() - t0)) * 1000;
}

// warm up every JIT, then size a round to ~250 ms of the slowest
for (const s of signers) opsPerSecond(s.sign, 300);
const n = Math.max(100, Math.round(Math.min(...signers.map((s) => opsPerSecond(s.sign, 200))) / 4));
const ROUNDS = 9;
const runs = signers.map(() => [] as number[]);
for (let r = 0; r < ROUNDS; r++) {
  // rotate who goes first so no one always gets the cooler CPU
  for (let j = 0; j < signers.length; j++) {
    const i = (r + j) % signers.length;
    runs[i]!.push(opsPerSecond(signers[i]!.sign, n));
  }
}

function coldStart(code: string): number {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', cwd: pkgDir });
  if (r.status !== 0) throw new Error(`cold-start child failed (${r.status}): ${r.stderr}`);
  const [ms, printed = ''] = r.stdout.trim().split(' ');
  let sig = printed;
  if (printed.startsWith('compact:')) {
    const c = hexToBytes(printed.slice('compact:'.length));
    const { r: sr, s: ss } = secp.Signature.fromBytes(c);
    sig = bytesToHex(encodeDerSignature(sr, ss));
  }
  if (!verifiesA3(sig)) throw new Error(`cold-start child signed wrongly: ${printed}`);
  return Number(ms);
}
const COLD_RUNS = 11;
const cold = signers.map(() => [] as number[]);
for (let k = 0; k < COLD_RUNS; k++) {
  for (let j = 0; j < signers.length; j++) {
    const i = (k + j) % signers.length;
    cold[i]!.push(coldStart(signers[i]!.cold));
  }
}

const fmt = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const versus = (ratio: number) => (ratio >= 1 ? `${fmt(ratio, 2)}× faster` : `${fmt(1 / ratio, 2)}× slower`);
const tput = runs.map(median);
const coldMs = cold.map(median);
const [OURS, SDK, NOBLE] = [0, 1, 2];
const rows: string[][] = [
  ['', ...signers.map((s) => s.name), 'ours vs sdk'],
  [`sign A3 (ops/s, median of ${ROUNDS}×${n})`, ...tput.map((x) => fmt(x)), versus(tput[OURS]! / tput[SDK]!)],
  [
    `cold start: import + key + 1st signature (ms, median of ${COLD_RUNS})`,
    ...coldMs.map((x) => fmt(x, 1)),
    versus(coldMs[SDK]! / coldMs[OURS]!),
  ],
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(
  `\nRequest signing of §1.5 A3, Node ${process.version}, OpenSSL ${process.versions.openssl}, same machine, one run` +
    ' (every signature verified with OpenSSL)\n',
);
for (const [i, r] of rows.entries()) {
  console.log(r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
console.log();
for (const [i, s] of signers.entries()) {
  console.log(`${s.name}: ops/s [${runs[i]!.map((x) => fmt(x)).join(', ')}]`);
  console.log(`${' '.repeat(s.name.length)}  cold ms [${cold[i]!.map((x) => fmt(x, 1)).join(', ')}]`);
}
const tputRatio = tput[OURS]! / tput[SDK]!;
const coldRatio = coldMs[OURS]! / coldMs[SDK]!;
console.log(`\ngoal: ≥ 2× the SDK's signing throughput → ${fmt(tputRatio, 2)}×, ${tputRatio >= 2 ? 'met' : 'NOT met'}`);
console.log(`goal: cold start ≤ 0.5 of the SDK's → ${fmt(coldRatio, 2)}, ${coldRatio <= 0.5 ? 'met' : 'NOT met'}`);
console.log(
  `noble's own sign, for comparison: ${fmt(tput[NOBLE]! / tput[OURS]!, 2)}× our throughput, ` +
    `${fmt(coldMs[NOBLE]! / coldMs[OURS]!, 2)}× our cold start`,
);
