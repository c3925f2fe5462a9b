/**
 * A JSON number as the client returns it: `number` when exactly representable, `bigint` for integers
 * above Number.MAX_SAFE_INTEGER (wei amounts of ETH and ERC-20 tokens).
 */
export type Amount = number | bigint;

/** Fields BitPay may add without notice stay reachable, untyped. */
export interface Extensible {
  [field: string]: unknown;
}

/** Per-currency amounts in the smallest unit (satoshi, wei, …). */
export type AmountsByCurrency = Record<string, Amount>;
