import type { AddressInfo } from 'node:net';
import { BitPayClient, generateKey } from '@bitpay-checkout/bitpay-client';
import { startSandbox } from '@bitpay-checkout/bitpay-sandbox';
import { memoryStore, silentLogger } from '@bitpay-checkout/server-adapter';
import { createStore } from '../src/app.js';

/** A sandbox and the store on ephemeral ports of 127.0.0.1, as `pnpm start` runs them. */
export async function startDemo({ adminPassword = 'test-admin' } = {}) {
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', autoApprove: true });
  const key = generateKey();
  const pairing = await new BitPayClient({ environment: sandbox.url, key }).requestPairing('merchant', 'store test');
  // The store needs its own URL before it listens (for IPNs): take a port first, then build the app on it.
  const { createServer } = await import('node:http');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = createStore({
    publicUrl: base,
    bitpay: {
      environment: sandbox.url,
      key,
      tokens: { merchant: pairing.token },
      store: memoryStore(),
      logger: silentLogger,
    },
    ordersFile: ':memory:',
    adminPassword,
  });
  server.on('request', store.app);
  return {
    base,
    sandbox,
    store,
    adminAuth: `Basic ${Buffer.from(`admin:${adminPassword}`).toString('base64')}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
      await sandbox.close();
    },
  };
}
