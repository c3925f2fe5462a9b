// DER ECDSA signatures (§1.3): OpenSSL signs in DER; we decode it for noble's compact verify and for the low-S twin.

function intToDer(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  // A set high bit would read as negative: DER integers then get a 0x00 pad.
  if (Number.parseInt(hex.slice(0, 2), 16) & 0x80) hex = '00' + hex;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** DER `SEQUENCE { INTEGER r, INTEGER s }` with minimal integers. */
export function encodeDerSignature(r: bigint, s: bigint): Uint8Array {
  const rb = intToDer(r);
  const sb = intToDer(s);
  const len = 4 + rb.length + sb.length; // always < 128 for secp256k1
  const out = new Uint8Array(2 + len);
  out.set([0x30, len, 0x02, rb.length], 0);
  out.set(rb, 4);
  out.set([0x02, sb.length], 4 + rb.length);
  out.set(sb, 6 + rb.length);
  return out;
}

/** Strict DER decoding; returns null for anything malformed (so verification just fails). */
export function decodeDerSignature(der: Uint8Array): { r: bigint; s: bigint } | null {
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return null;
  let pos = 2;
  const readInt = (): bigint | null => {
    if (der[pos] !== 0x02) return null;
    const len = der[pos + 1];
    if (len === undefined || len === 0 || len > 33 || pos + 2 + len > der.length) return null;
    const body = der.subarray(pos + 2, pos + 2 + len);
    // reject negative numbers and non-minimal padding
    if ((body[0]! & 0x80) !== 0) return null;
    if (len > 1 && body[0] === 0 && (body[1]! & 0x80) === 0) return null;
    pos += 2 + len;
    let n = 0n;
    for (const b of body) n = (n << 8n) | BigInt(b);
    return n;
  };
  const r = readInt();
  if (r === null) return null;
  const s = readInt();
  if (s === null || pos !== der.length) return null;
  return { r, s };
}
