import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as secp from '@noble/secp256k1';

// noble-secp256k1 v3 ships without hash functions; synchronous RFC 6979 signing needs both wired.
// Only fill what is missing, so an application that wired its own keeps it.
secp.hashes.sha256 ??= sha256;
secp.hashes.hmacSha256 ??= (key, msg) => hmac(sha256, key, msg);

export { secp };
