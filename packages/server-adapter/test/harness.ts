import { BitPayClient, generateKey, type Key } from '@bitpay-checkout/bitpay-client';
import { type Sandbox, startSandbox } from '@bitpay-checkout/bitpay-sandbox';
import type { Logger } from '../src/log/logger.js';
import type { CheckoutAdapterOptions, OrderDetails } from '../src/options/types.js';
import { memoryStore } from '../src/store/memory.js';
import type { StatusChangeEvent } from '../src/store/types.js';
import { type ServedAdapter, serveAdapter } from './serve.js';

export interface Credentials {
  key: Key;
  merchant: string;
}

/** A sandbox on 127.0.0.1 and a merchant token paired with a fresh key (auto-approved). */
export async function startBitPay(): Promise<{ sandbox: Sandbox; creds: Credentials }> {
  const sandbox = await startSandbox({ port: 0, autoApprove: true });
  const key = generateKey();
  const pairing = await new BitPayClient({ environment: sandbox.url, key }).requestPairing('merchant', 'adapter tests');
  return { sandbox, creds: { key, merchant: pairing.token } };
}

/** Collects log lines (to prove secrets never reach them). */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

export interface TestShop extends ServedAdapter {
  orders: Map<string, OrderDetails>;
  events: StatusChangeEvent[];
  logger: ReturnType<typeof recordingLogger>;
}

/** An Express app with the adapter mounted at /bitpay on 127.0.0.1, its IPN URL pointing at itself. */
export async function startShop(
  sandbox: Sandbox,
  creds: Credentials,
  extra: Partial<CheckoutAdapterOptions> = {},
): Promise<TestShop> {
  const orders = new Map<string, OrderDetails>();
  const events: StatusChangeEvent[] = [];
  const logger = recordingLogger();
  const served = await serveAdapter((base) => ({
    environment: sandbox.url,
    key: creds.key,
    tokens: { merchant: creds.merchant },
    notificationURL: `${base}/bitpay/ipn`,
    resolveOrder: (id) => orders.get(id) ?? null,
    onStatusChange: (e) => {
      events.push(e);
    },
    store: memoryStore(),
    logger,
    rateLimit: false,
    ...extra,
  }));
  return { ...served, orders, events, logger };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? safeJson(text) : null };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field; a wrong field fails its assertion.
function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Sandbox control surface (what a tester clicks on the sandbox page). */
export async function control(sandbox: Sandbox, path: string, body: unknown = {}) {
  const res = await fetch(`${sandbox.url}sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Reads an SSE stream into parsed events until it ends or `until` says stop. */
export async function readEvents(
  url: string,
  options: { headers?: Record<string, string>; until?: (events: SseEvent[]) => boolean; signal?: AbortSignal } = {},
): Promise<{ events: SseEvent[]; ended: boolean; raw: string; status: number }> {
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort());
  const res = await fetch(url, { headers: options.headers ?? {}, signal: controller.signal });
  const events: SseEvent[] = [];
  let raw = '';
  if (!res.ok || !res.body) return { events, ended: true, raw: await res.text(), status: res.status };
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      raw += text;
      buffer += text;
      let at = buffer.indexOf('\n\n');
      while (at !== -1) {
        const block = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        const ev = parseBlock(block);
        if (ev) events.push(ev);
        at = buffer.indexOf('\n\n');
      }
      if (options.until?.(events)) {
        controller.abort();
        return { events, ended: false, raw, status: res.status };
      }
    }
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err;
    return { events, ended: false, raw, status: res.status };
  }
  return { events, ended: true, raw, status: res.status };
}

export interface SseEvent {
  id: number;
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: as safeJson: the parsed event, read field by field by the tests.
  data: any;
}

function parseBlock(block: string): SseEvent | null {
  let id = Number.NaN;
  let event = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('id: ')) id = Number(line.slice(4));
    else if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  return data ? { id, event, data: JSON.parse(data) } : null;
}

/** Polls until `check` returns a value (no fixed sleeps: the machine is slow and shared). */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
