import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** One request as it reached the server: raw request-target and raw body bytes, for signature checks. */
export interface RecordedRequest {
  method: string;
  /** Raw request-target, e.g. `/invoices/X?token=t`. */
  target: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: unknown;
  /** `http://` + Host header + request-target: what a BitPay verifier reconstructs (§1.3). */
  fullUrl: string;
}

export type Reply =
  | { fixture: string; status?: number; headers?: Record<string, string> }
  | { json: unknown; status?: number; headers?: Record<string, string> }
  | { raw: string; status?: number; headers?: Record<string, string> }
  | { destroy: true }
  /** Never answer (the client's timeout must fire). */
  | { hang: true };

export interface Route {
  method: string;
  /** Exact path, or a pattern with `:param` segments. */
  path: string;
  reply: Reply | ((req: RecordedRequest, n: number) => Reply);
}

export interface FixtureServer {
  url: string;
  requests: RecordedRequest[];
  /** Requests received since the last call. */
  take(): RecordedRequest[];
  close(): Promise<void>;
}

const FIXTURES = join(import.meta.dirname, 'fixtures');

function matches(pattern: string, path: string): boolean {
  const a = pattern.split('/');
  const b = path.split('/');
  return a.length === b.length && a.every((seg, i) => seg.startsWith(':') || seg === b[i]);
}

/**
 * A small HTTP server on 127.0.0.1 that answers with the recorded BitPay bodies in test/fixtures, byte for
 * byte (so amounts above 2^53 reach the client exactly as BitPay sent them), and records every request.
 */
export async function startFixtureServer(routes: Route[]): Promise<FixtureServer> {
  const requests: RecordedRequest[] = [];
  let taken = 0;
  const hits = new Map<Route, number>();

  const send = async (res: ServerResponse, reply: Reply) => {
    if ('hang' in reply) return;
    if ('destroy' in reply) {
      res.socket?.destroy();
      return;
    }
    const text =
      'fixture' in reply
        ? await readFile(join(FIXTURES, reply.fixture), 'utf8')
        : 'json' in reply
          ? JSON.stringify(reply.json)
          : reply.raw;
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
    res.end(text);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const target = req.url ?? '/';
      const parsed = new URL(target, 'http://placeholder');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        target,
        path: parsed.pathname,
        query: Object.fromEntries(parsed.searchParams),
        headers: req.headers,
        rawBody,
        body: rawBody ? JSON.parse(rawBody) : undefined,
        fullUrl: `http://${req.headers.host}${target}`,
      };
      requests.push(recorded);
      const route = routes.find((r) => r.method === recorded.method && matches(r.path, recorded.path));
      if (!route) {
        void send(res, { json: { error: `No fixture for ${recorded.method} ${recorded.path}` }, status: 404 });
        return;
      }
      const n = (hits.get(route) ?? 0) + 1;
      hits.set(route, n);
      const reply = typeof route.reply === 'function' ? route.reply(recorded, n) : route.reply;
      send(res, reply).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    take: () => {
      const out = requests.slice(taken);
      taken = requests.length;
      return out;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
