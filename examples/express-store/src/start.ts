// `pnpm start`: the BitPay sandbox and the demo store together; Ctrl-C stops both.
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BitPayClient, generateKey, loadKey } from '@bitpay-checkout/bitpay-client';
import { startSandbox } from '@bitpay-checkout/bitpay-sandbox';
import { sqliteStore } from '@bitpay-checkout/server-adapter/sqlite';
import { createStore } from './app.js';
import { ConfigError, readConfig } from './config.js';

async function main() {
  const config = readConfig();
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  let bitpay: Parameters<typeof createStore>[0]['bitpay'];
  let dataDir = config.dataDir;

  if (config.bitpayEnv === 'sandbox') {
    sandbox = await startSandbox({ port: config.sandboxPort, host: config.host, autoApprove: true });
    // The sandbox keeps nothing between runs, so neither does the store: a fresh key, token and data folder.
    dataDir = join(config.dataDir, 'sandbox');
    rmSync(dataDir, { recursive: true, force: true });
    const key = generateKey();
    const pairing = await new BitPayClient({ environment: sandbox.url, key }).requestPairing(
      'merchant',
      'express-store demo',
    );
    bitpay = { environment: sandbox.url, key, tokens: { merchant: pairing.token } };
  } else {
    bitpay = {
      environment: config.bitpayEnv,
      ...(config.keyFile ? { key: await loadKey(config.keyFile) } : {}),
      ...(config.merchantToken ? { tokens: { merchant: config.merchantToken } } : {}),
    };
  }

  const publicUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;
  const store = createStore({
    publicUrl,
    bitpay: { ...bitpay, store: sqliteStore({ file: join(dataDir, 'bitpay-checkout.sqlite') }) },
    ordersFile: join(dataDir, 'orders.sqlite'),
    adminPassword: config.adminPassword,
  });
  const server = store.app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;

  console.log(`Store:   http://${config.host}:${port}/`);
  console.log(`Admin:   http://${config.host}:${port}/admin (user admin, password ${config.adminPassword})`);
  if (sandbox) console.log(`Sandbox: ${sandbox.url}sandbox  (pay the store's invoices here)`);
  else console.log(`BitPay:  ${config.bitpayEnv === 'prod' ? 'https://bitpay.com/' : 'https://test.bitpay.com/'}`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
    await sandbox?.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`Configuration: ${err.message}`);
  else if ((err as { code?: string }).code === 'EADDRINUSE')
    console.error(`A port is already in use: ${(err as Error).message}`);
  else console.error(err);
  process.exit(1);
});
