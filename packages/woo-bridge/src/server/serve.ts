import { once } from 'node:events';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import {
  type CheckoutAdapter,
  consoleLogger,
  createCheckoutAdapter,
  type Logger,
  type Store,
} from '@bitpay-checkout/server-adapter';
import express, { type Express } from 'express';
import { wooCommerce } from '../woo-commerce.js';
import type { BridgeConfig } from './config.js';

export interface RunningBridge {
  /** Where it listens, e.g. http://127.0.0.1:8787. */
  url: string;
  /** The plugin's "Bridge URL" (the public URL). */
  publicUrl: string;
  app: Express;
  adapter: CheckoutAdapter;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Instead of the store the config names (tests). */
  store?: Store;
  /** fetch used for BitPay and WooCommerce. */
  fetch?: typeof fetch;
}

/** The element's bundle as installed beside this package (pnpm keeps it out of the adapter's own folder). */
function elementBundleDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('@bitpay-checkout/checkout-element/bundle'));
  } catch {
    return undefined;
  }
}

async function storeFor(config: BridgeConfig): Promise<Store> {
  if (config.databaseUrl) {
    const { postgresStore } = await import('@bitpay-checkout/server-adapter/postgres');
    return postgresStore({ connectionString: config.databaseUrl });
  }
  const { sqliteStore } = await import('@bitpay-checkout/server-adapter/sqlite');
  return sqliteStore({ file: join(config.dataDir, 'bitpay-checkout.sqlite') });
}

/**
 * The bridge program: the adapter at /bitpay (element bundle, invoices, live status, IPNs) for the shop's pages,
 * and the plugin's signed routes at /woo/v1. One process; state in SQLite, or PostgreSQL for several.
 */
export async function startBridge(config: BridgeConfig, options: StartOptions = {}): Promise<RunningBridge> {
  const logger = options.logger ?? consoleLogger;
  const woo = wooCommerce({
    url: config.wooUrl,
    consumerKey: config.consumerKey,
    consumerSecret: config.consumerSecret,
    sharedSecret: config.sharedSecret,
    statusMap: config.statusMap,
    logger,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const server: Server = app.listen(config.port, config.host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const loopback = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const local = `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${port}`;
  const publicUrl = config.publicUrl ?? local;

  const secureIpn = publicUrl.startsWith('https:') || (config.environment !== 'test' && config.environment !== 'prod');
  if (!secureIpn) {
    logger.warn(
      `The public URL ${publicUrl} is not https: BitPay cannot post IPNs to it, so orders move only while a shopper watches the invoice. Set PUBLIC_URL.`,
    );
  }
  const bundleDir = elementBundleDir();
  let adapter: CheckoutAdapter;
  try {
    adapter = createCheckoutAdapter({
      environment: config.environment,
      keyFile: config.keyFile,
      tokensFile: config.tokensFile,
      ...(secureIpn ? { notificationURL: `${publicUrl}/bitpay/ipn` } : {}),
      resolveOrder: woo.resolveOrder,
      onStatusChange: woo.onStatusChange,
      store: options.store ?? (await storeFor(config)),
      allowedOrigins: config.allowedOrigins,
      logger,
      ...(bundleDir ? { bundleDir } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    await adapter.ready;
  } catch (err) {
    server.close();
    throw err;
  }
  app.get('/', function bridgeHome(_req, res) {
    res.type('text/plain').send('BitPay Checkout bridge for WooCommerce. The adapter is at /bitpay.\n');
  });
  app.use('/bitpay', adapter.router);
  app.use(
    '/woo/v1',
    woo.pluginRouter(adapter, { adapterUrl: `${local}/bitpay`, ...(options.fetch ? { fetch: options.fetch } : {}) }),
  );

  let closing: Promise<void> | undefined;
  return {
    url: local,
    publicUrl,
    app,
    adapter,
    close() {
      closing ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await adapter.close();
      })();
      return closing;
    },
  };
}
