// A zero-latency BitPay stand-in for benchmarks: answers create and read at once, from the real fixture
// shape, without verifying signatures (the sandbox does that; here only the adapter's own cost matters).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const template = JSON.parse(readFileSync(new URL('../test/fixtures/invoice.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

export interface Upstream {
  url: string;
  invoices: Map<string, Record<string, unknown>>;
  reads: number;
  close(): Promise<void>;
}

export async function startUpstream(): Promise<Upstream> {
  const invoices = new Map<string, Record<string, unknown>>();
  const state: Upstream = { url: '', invoices, reads: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && url.pathname === '/invoices') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const id = randomBytes(16).toString('base64url').replace(/[-_]/g, 'a').slice(0, 22);
        const invoice = {
          ...template,
          id,
          orderId: body.orderId,
          price: body.price,
          currency: body.currency,
          status: 'new',
          exceptionStatus: false,
          invoiceTime: Date.now(),
          expirationTime: Date.now() + 900_000,
        };
        invoices.set(id, invoice);
        res.end(JSON.stringify({ facade: 'merchant/invoice', data: invoice }));
        return;
      }
      const m = /^\/invoices\/([A-Za-z0-9]+)$/.exec(url.pathname);
      if (req.method === 'GET' && m) {
        state.reads++;
        const invoice = invoices.get(m[1]!);
        if (!invoice) {
          res.statusCode = 404;
          res.end(JSON.stringify({ status: 'error', code: '020101', data: null, error: 'Invoice not found' }));
          return;
        }
        res.end(JSON.stringify({ facade: 'merchant/invoice', data: { ...invoice, currentTime: Date.now() } }));
        return;
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ error: 'Not found' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  state.close = () => {
    server.closeAllConnections();
    return new Promise((r) => server.close(() => r()));
  };
  return state;
}
