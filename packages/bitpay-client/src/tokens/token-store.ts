import { inspect } from 'node:util';

/** Facades that hold API tokens (§2.1). */
export type Facade = 'merchant' | 'payout' | 'pos';
export const FACADES: readonly Facade[] = ['merchant', 'payout', 'pos'];

/**
 * API tokens per facade, like the official SDK's TokenContainer. Printing or serialising the store shows
 * which facades have a token, never the tokens themselves.
 */
export class TokenStore {
  readonly #tokens = new Map<string, string>();

  constructor(initial: Partial<Record<Facade, string | undefined>> = {}) {
    for (const [facade, token] of Object.entries(initial)) if (token) this.#tokens.set(facade, token);
  }

  get(facade: Facade | string): string | undefined {
    return this.#tokens.get(facade);
  }

  set(facade: Facade | string, token: string): void {
    if (typeof token !== 'string' || token.length === 0) throw new TypeError('A token must be a non-empty string.');
    this.#tokens.set(facade, token);
  }

  has(facade: Facade | string): boolean {
    return this.#tokens.has(facade);
  }

  delete(facade: Facade | string): boolean {
    return this.#tokens.delete(facade);
  }

  /** Facades with a token. */
  facades(): string[] {
    return [...this.#tokens.keys()];
  }

  /** Every token value (for persistence by the caller). */
  entries(): [string, string][] {
    return [...this.#tokens.entries()];
  }

  values(): IterableIterator<string> {
    return this.#tokens.values();
  }

  toJSON(): { facades: string[] } {
    return { facades: this.facades() };
  }

  [inspect.custom](): string {
    return `TokenStore { facades: [${this.facades().join(', ')}] }`;
  }
}
