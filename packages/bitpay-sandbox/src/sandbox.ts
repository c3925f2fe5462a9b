import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SandboxClock } from './clock/clock.js';
import { invoicePage, sandboxPage } from './control/page.js';
import { controlRoutes } from './control/routes.js';
import { handleControl } from './control/server.js';
import { Router } from './http/router.js';
import { handleApi, readBody, send } from './http/server.js';
import { type IpnDelivery, IpnSender } from './ipn/sender.js';
import { writeJson } from './json/write.js';
import { resolveOptions, type SandboxOptions } from './options.js';
import { apiRoutes } from './resources/index.js';
import { SandboxState } from './state/state.js';

/** A running sandbox. */
export interface Sandbox {
  /** Base URL with a trailing slash, like the SDKs' base URLs (e.g. 'http://127.0.0.1:4010/'). */
  readonly url: string;
  /** Where the sandbox actually listens (differs from `url` when a publicUrl is set). */
  readonly localUrl: string;
  readonly clock: {
    now(): number;
    /** Moves time forward, running expiry, blocks and IPN retries; resolves after the deliveries they start. */
    advance(ms: number): Promise<void>;
  };
  /** Every IPN delivery attempt so far, oldest first. */
  ipns(): IpnDelivery[];
  close(): Promise<void>;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts a BitPay sandbox on host:port (default 127.0.0.1:4010). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const o = resolveOptions(options);
  const clock = new SandboxClock(o.now, o.realTime);
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const localUrl = `http://${hostForUrl(o.host)}:${port}/`;
  const url = o.publicUrl ?? localUrl;
  const state = new SandboxState(clock, url, o.merchantName, o.autoApprove);
  state.ipn = new IpnSender(clock, { sign: o.signIpns, timeoutMs: o.ipnTimeoutMs, log: o.log });

  const api = new Router();
  api.add(apiRoutes(state));
  const control = new Router();
  control.add(controlRoutes(state));
  const serverOpts = { publicUrl: o.publicUrl, trustProxy: o.trustProxy, log: o.log };

  server.on('request', async (req, res) => {
    try {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
      if (req.method === 'OPTIONS') return send(res, 204, '', 'text/plain');
      if (raw === 'too-large') {
        return send(res, 413, writeJson({ error: 'Request body too large' }), 'application/json; charset=utf-8', {
          'x-sandbox-error-code': 'body_too_large',
        });
      }
      const path = url.pathname;
      if (req.method === 'GET' && (path === '/sandbox' || path === '/sandbox/')) {
        return send(res, 200, sandboxPage(state), 'text/html; charset=utf-8');
      }
      if (req.method === 'GET' && (path === '/invoice' || path.startsWith('/i/'))) {
        const id = path === '/invoice' ? (url.searchParams.get('id') ?? '') : safeDecode(path.slice(3));
        const inv = state.invoices.get(id);
        return send(res, inv ? 200 : 404, invoicePage(state, inv), 'text/html; charset=utf-8');
      }
      if (path.startsWith('/sandbox/')) return await handleControl(control, req.method ?? 'GET', path, raw, res);
      await handleApi(state, api, serverOpts, req, res, raw, url);
    } catch (err) {
      o.log(`internal error: ${err instanceof Error ? err.stack : String(err)}`);
      if (!res.headersSent) send(res, 500, writeJson({ error: 'Internal error' }), 'application/json; charset=utf-8');
    }
  });

  return {
    url,
    localUrl,
    clock: { now: () => clock.now(), advance: (ms) => clock.advance(ms) },
    ipns: () => state.ipn.log.map((d) => ({ ...d, headers: { ...d.headers } })),
    close: async () => {
      clock.stop();
      state.ipn.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await clock.settle();
    },
  };
}
