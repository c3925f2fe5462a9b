import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { type CheckoutAdapter, createCheckoutAdapter } from '../src/adapter.js';
import type { CheckoutAdapterOptions } from '../src/options/types.js';

export interface ServedAdapter {
  base: string;
  adapter: CheckoutAdapter;
  server: Server;
  app: express.Express;
  close(): Promise<void>;
}

/**
 * An Express app with the adapter mounted at /bitpay, listening on 127.0.0.1 (a free port); the server
 * listens first so that `options` can point the IPN URL at it. Shared by the tests and the benchmarks.
 */
export async function serveAdapter(
  options: (base: string) => CheckoutAdapterOptions,
  listen: { backlog?: number; maxConnections?: number } = {},
): Promise<ServedAdapter> {
  const server = createServer();
  if (listen.maxConnections !== undefined) server.maxConnections = listen.maxConnections;
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: '127.0.0.1', ...(listen.backlog ? { backlog: listen.backlog } : {}) }, resolve),
  );
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const adapter = createCheckoutAdapter(options(base));
  const app = express();
  app.use('/bitpay', adapter.router);
  server.on('request', app);
  await adapter.ready;
  return {
    base,
    adapter,
    server,
    app,
    async close() {
      await adapter.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
