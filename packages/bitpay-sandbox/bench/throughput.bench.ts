// `pnpm bench`: how fast the sandbox verifies BitAuth signatures and serves signed invoice traffic on this machine.
// Numbers only (no pass/fail): a test suite never asserts speed on a shared 2-core box.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as secp from '@noble/secp256k1';
import { verifyBitAuth } from '../src/crypto/signature.js';
import { sinFromPublicKey } from '../src/crypto/sin.js';
import { startSandbox } from '../src/index.js';

secp.hashes.sha256 = sha256;
secp.hashes.hmacSha256 = (key, msg) => hmac(sha256, key, msg);

const KEY = Uint8Array.from(Buffer.from('9ee267c293e74c12bf4035746834ad4f5690d546d7d10e15c92fc83043552186', 'hex'));
const IDENTITY = Buffer.from(secp.getPublicKey(KEY, true)).toString('hex');
const A3 =
  'https://test.bitpay.com/invoices{"price":10,"currency":"USD","orderId":"order-1","notificationURL":"https://merchant.example/ipn","guid":"guid-1","token":"someMerchantToken"}';
const A3_SIG =
  '3045022100f1139b059d6a5cdc351c5a10e20414d8a6314a25c63b3c0ebb1600d37fede6b002202158f9b1f6e14fa45b358a766c5f15c369838b70d77db3361f41e9692780bf79';

function der(sig: Uint8Array): string {
  const int = (b: Uint8Array) => {
    let h =
      Buffer.from(b)
        .toString('hex')
        .replace(/^(00)+/, '') || '00';
    if (Number.parseInt(h.slice(0, 2), 16) >= 0x80) h = `00${h}`;
    return `02${(h.length / 2).toString(16).padStart(2, '0')}${h}`;
  };
  const body = int(sig.slice(0, 32)) + int(sig.slice(32));
  return `30${(body.length / 2).toString(16).padStart(2, '0')}${body}`;
}

function perSecond(label: string, n: number, fn: () => void): void {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${label}: ${Math.round((n / ms) * 1000)}/s (${n} in ${ms.toFixed(0)} ms)`);
}

const msg = new TextEncoder().encode(A3);
perSecond('verify §1.5 A3 (DER parse + secp256k1 verify)', 2000, () => {
  if (!verifyBitAuth(IDENTITY, A3_SIG, msg)) throw new Error('vector did not verify');
});

const sb = await startSandbox({ port: 0, realTime: false });
try {
  const base = sb.url;
  const sin = sinFromPublicKey(Buffer.from(IDENTITY, 'hex'));
  const created = await fetch(`${base}sandbox/tokens`, {
    method: 'POST',
    body: JSON.stringify({ facade: 'merchant', sin }),
  });
  const token = ((await created.json()) as { data: { token: string } }).data.token;
  const N = 500;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const body = JSON.stringify({ price: 10 + i, currency: 'USD', orderId: `o-${i}`, token });
    const signature = der(secp.sign(new TextEncoder().encode(`${base}invoices${body}`), KEY, { lowS: false }));
    const r = await fetch(`${base}invoices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-identity': IDENTITY, 'x-signature': signature },
      body,
    });
    if (r.status !== 200) throw new Error(`create failed: ${r.status}`);
    await r.arrayBuffer();
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(
    `signed POST /invoices, sequential over HTTP: ${Math.round((N / ms) * 1000)}/s (${N} in ${ms.toFixed(0)} ms)`,
  );
} finally {
  await sb.close();
}
