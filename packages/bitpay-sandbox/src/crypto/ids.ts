import { randomBytes } from 'node:crypto';
import { base58 } from './base58.js';

/** Resource id: 16 random bytes in Base58 (BitPay ids are 22 chars). */
export function newId(): string {
  return base58(randomBytes(16)).padStart(22, '1');
}

/** API token: 32 random bytes in Base58 (44 chars, like BitPay's facade tokens). */
export function newApiToken(): string {
  return base58(randomBytes(32)).padStart(44, '1');
}

/** Resource token (invoice, refund, bill, …): 48 random bytes in Base58. */
export function newResourceToken(): string {
  return base58(randomBytes(48)).padStart(66, '1');
}

/** Pairing code: exactly 7 Base58 characters (plugins check the length). */
export function newPairingCode(): string {
  return base58(randomBytes(8)).slice(0, 7).padStart(7, '1');
}

/** Transaction id: 32 random bytes in lowercase hex. */
export function newTxid(): string {
  return randomBytes(32).toString('hex');
}
