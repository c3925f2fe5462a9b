import type { Sandbox } from '@bitpay-checkout/bitpay-sandbox';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type Credentials, startBitPay, startShop, type TestShop } from './harness.js';

export interface BitPayForTests {
  /** The file's sandbox; read it inside tests and hooks (it starts in `beforeAll`). */
  readonly sandbox: Sandbox;
  /** A fresh key paired with the sandbox as `merchant`. */
  readonly creds: Credentials;
  /** A shop with the adapter mounted, on this sandbox; closed after the test that started it. */
  shop(extra?: Parameters<typeof startShop>[2]): Promise<TestShop>;
}

/** Registers a test file's hooks: one sandbox and paired key for all its tests, shops closed after each test. */
export function useBitPay(): BitPayForTests {
  let started: { sandbox: Sandbox; creds: Credentials } | undefined;
  const shops: TestShop[] = [];
  const ready = () => {
    if (!started) throw new Error('useBitPay: the sandbox starts in beforeAll; read it inside tests and hooks');
    return started;
  };
  beforeAll(async () => {
    started = await startBitPay();
  });
  afterEach(async () => {
    for (const s of shops.splice(0)) await s.close();
  });
  afterAll(async () => {
    await started?.sandbox.close();
  });
  return {
    get sandbox() {
      return ready().sandbox;
    },
    get creds() {
      return ready().creds;
    },
    async shop(extra = {}) {
      const { sandbox, creds } = ready();
      const s = await startShop(sandbox, creds, extra);
      shops.push(s);
      return s;
    },
  };
}
