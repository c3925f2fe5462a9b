import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** Path without the query string, e.g. /invoices/abc. */
  path: string;
  /** When it reached the proxy (performance.now()). */
  at: number;
}

type Match = (r: ProxiedRequest) => boolean;

/**
 * A real HTTP proxy on 127.0.0.1 in front of the sandbox: it forwards every request as it comes, records what
 * passed, and can hold BitPay's answer back (the sandbox has acted; the adapter just does not hear about it).
 */
export interface BitPayProxy {
  /** Point the adapter's `environment` here. */
  url: string;
  requests: ProxiedRequest[];
  /** Holds answers to matching requests until the returned function is called. */
  hold(match: Match): () => void;
  close(): Promise<void>;
}

export async function startBitPayProxy(upstream: string): Promise<BitPayProxy> {
  const target = new URL(upstream);
  const requests: ProxiedRequest[] = [];
  const holds: { match: Match; released: Promise<void> }[] = [];
  const server: Server = createServer((req, res) => {
    const seen: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0]!,
      at: performance.now(),
    };
    requests.push(seen);
    const held = holds.filter((h) => h.match(seen)).map((h) => h.released);
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        // The Host header stays: BitPay's signature covers the URL the client called (this proxy's).
        headers: req.headers,
      },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', async () => {
          await Promise.all(held);
          if (res.destroyed) return;
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(Buffer.concat(chunks));
        });
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    hold(match) {
      let release!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      const entry = { match, released };
      holds.push(entry);
      return () => {
        holds.splice(holds.indexOf(entry), 1);
        release();
      };
    },
    async close() {
      holds.splice(0);
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** BitPay reads of one invoice (GET /invoices/:id) that passed the proxy. */
export function invoiceReads(proxy: BitPayProxy, id: string): ProxiedRequest[] {
  return proxy.requests.filter((r) => r.method === 'GET' && r.path === `/invoices/${id}`);
}
