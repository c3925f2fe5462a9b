import { randomUUID } from 'node:crypto';
import { BitPayConfigError, BitPayError, BitPayKeyError, BitPayTransportError } from '../errors/errors.js';
import { parseJsonLossless, stringifyJson } from '../json/lossless.js';
import type { Key } from '../keys/key.js';
import { type Envelope, readEnvelope } from './envelope.js';
import { backoffDelay, RETRYABLE_STATUS, retryAfterMs, sleep } from './retry.js';
import { buildQuery, type QueryValue } from './url.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestSpec {
  method: HttpMethod;
  /** Path below the base URL, without a leading slash, segments already encoded. */
  path: string;
  /** Query for GET/DELETE, JSON body for POST/PUT (key order kept). */
  params?: Record<string, unknown>;
  /** Send X-Identity/X-Signature. */
  signed: boolean;
  /** Carry sessionId/requestNumber when sessions are on (default true for token-bearing calls). */
  session?: boolean;
}

export interface TransportOptions {
  baseUrl: string;
  key: Key | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  pluginInfo: string;
  platformInfo: string | undefined;
  sessions: boolean;
  /** Values that must never appear in an error message (tokens, key hex). */
  secrets: () => Iterable<string>;
}

/** One answered (or failed) attempt. */
type Attempt =
  | { ok: true; envelope: Envelope }
  | { ok: false; error: BitPayError; retryable: boolean; waitMs?: number };

export class Transport {
  readonly #o: TransportOptions;
  #session: { id: string; next: number } | undefined;
  #sessionQueue: Promise<unknown> = Promise.resolve();

  constructor(options: TransportOptions) {
    this.#o = options;
  }

  get baseUrl(): string {
    return this.#o.baseUrl;
  }

  /** The current session id and the next requestNumber, if a session is open. */
  get session(): { id: string; nextRequestNumber: number } | undefined {
    return this.#session && { id: this.#session.id, nextRequestNumber: this.#session.next };
  }

  /** Sends a request and returns the envelope's `data` (or the body for data-less envelopes). */
  async request(spec: RequestSpec): Promise<unknown> {
    return (await this.requestEnvelope(spec)).data;
  }

  async requestEnvelope(spec: RequestSpec): Promise<Envelope> {
    const useSession = this.#o.sessions && spec.session !== false;
    if (!useSession) return this.#withRetries(spec, this.#isRetrySafe(spec));
    // requestNumber must reach BitPay in order: one session call at a time.
    const run = this.#sessionQueue.then(() => this.#withSession(spec));
    this.#sessionQueue = run.catch(() => {});
    return run;
  }

  /** POST /sessions (public, unsigned) → session id (§2.5). */
  async openSession(): Promise<string> {
    const data = await this.#withRetries(
      { method: 'POST', path: 'sessions', params: { guid: randomUUID() }, signed: false, session: false },
      true,
    );
    if (typeof data.data !== 'string' || data.data.length === 0) {
      throw new BitPayTransportError('INVALID_RESPONSE', 'POST /sessions did not return a session id.', {
        request: 'POST /sessions',
      });
    }
    return data.data;
  }

  async #withSession(spec: RequestSpec): Promise<Envelope> {
    for (let renewed = false; ; renewed = true) {
      if (!this.#session) this.#session = { id: await this.openSession(), next: 1 };
      const session = this.#session;
      const withSession: RequestSpec = {
        ...spec,
        params: { ...spec.params, sessionId: session.id, requestNumber: session.next },
      };
      try {
        // The same number on a retry makes BitPay replay its cached answer, so any session call may be retried.
        const envelope = await this.#withRetries(withSession, true);
        session.next++;
        return envelope;
      } catch (err) {
        if (err instanceof BitPayError && err.code === 'SESSION_EXPIRED' && !renewed) {
          this.#session = undefined;
          continue;
        }
        if (err instanceof BitPayError && err.status !== undefined) session.next++;
        // No answer at all: we cannot know whether BitPay consumed the number, so start afresh next time.
        else if (this.#session === session) this.#session = undefined;
        throw err;
      }
    }
  }

  #isRetrySafe(spec: RequestSpec): boolean {
    if (spec.method === 'GET') return true;
    // a guid makes BitPay treat a repeated POST/PUT as the same operation (§2.4)
    return (spec.method === 'POST' || spec.method === 'PUT') && typeof spec.params?.guid === 'string';
  }

  async #withRetries(spec: RequestSpec, retrySafe: boolean): Promise<Envelope> {
    const max = retrySafe ? this.#o.maxRetries : 0;
    for (let attempt = 0; ; attempt++) {
      const result = await this.#attempt(spec);
      if (result.ok) return result.envelope;
      if (!result.retryable || attempt >= max) throw result.error;
      const delay = result.waitMs ?? backoffDelay(attempt, this.#o.retryBaseDelayMs, this.#o.retryMaxDelayMs);
      await sleep(delay);
    }
  }

  async #attempt(spec: RequestSpec): Promise<Attempt> {
    const label = `${spec.method} /${spec.path}`;
    const hasBody = spec.method === 'POST' || spec.method === 'PUT';
    let url = this.#o.baseUrl + spec.path;
    let body: string | undefined;
    if (hasBody) body = stringifyJson(spec.params ?? {});
    else if (spec.params) {
      const query = buildQuery(spec.params as Record<string, QueryValue>);
      if (query) url += `?${query}`;
    }
    const headers: Record<string, string> = {
      'X-Accept-Version': '2.0.0',
      'x-bitpay-plugin-info': this.#o.pluginInfo,
      'x-bitpay-api-frame': 'std',
      'x-bitpay-api-frame-version': '1.0.0',
      'Content-Type': 'application/json',
    };
    if (this.#o.platformInfo) headers['x-bitpay-platform-info'] = this.#o.platformInfo;
    if (spec.signed) {
      const key = this.#o.key;
      if (!key) throw new BitPayKeyError('MISSING_KEY', `${label} must be signed, but the client has no key.`);
      headers['X-Signature'] = key.sign(url + (body ?? ''));
      headers['X-Identity'] = key.identity;
    }

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#o.timeoutMs);
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await this.#o.fetch(url, {
        method: spec.method,
        headers,
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (cause) {
      const timedOut = controller.signal.aborted;
      return {
        ok: false,
        retryable: true,
        error: new BitPayTransportError(
          timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
          timedOut
            ? `${label} timed out after ${this.#o.timeoutMs} ms.`
            : `${label} failed: ${this.#redact(describe(cause))}`,
          { request: label, cause: timedOut ? undefined : cause },
        ),
      };
    } finally {
      clearTimeout(timer);
    }

    let parsed: unknown;
    try {
      parsed = parseJsonLossless(text);
    } catch {
      return {
        ok: false,
        retryable: status >= 500 || RETRYABLE_STATUS.has(status),
        error: new BitPayTransportError(
          'INVALID_RESPONSE',
          `${label}: BitPay answered ${status} with a body that is not JSON.`,
          {
            status,
            request: label,
          },
        ),
      };
    }
    const outcome = readEnvelope(status, parsed, label);
    if (!(outcome instanceof BitPayError)) return { ok: true, envelope: outcome };
    const redacted = this.#redactError(outcome);
    const waitMs = retryAfterMs(retryAfter, this.#o.retryMaxDelayMs);
    return {
      ok: false,
      error: redacted,
      retryable: RETRYABLE_STATUS.has(status),
      ...(waitMs === undefined ? {} : { waitMs }),
    };
  }

  #redact(text: string): string {
    let out = text;
    for (const secret of this.#o.secrets()) if (secret) out = out.split(secret).join('[redacted]');
    return out;
  }

  #redactError(error: BitPayError): BitPayError {
    const message = this.#redact(error.message);
    if (message !== error.message) Object.defineProperty(error, 'message', { value: message });
    return error;
  }
}

function describe(cause: unknown): string {
  const inner = (cause as { cause?: { code?: string } })?.cause?.code;
  return inner ?? (cause instanceof Error ? cause.message : 'network error');
}

/** Throws MISSING_TOKEN naming the facade (never a token). */
export function missingToken(facade: string): never {
  throw new BitPayConfigError('MISSING_TOKEN', `No ${facade} token: pair one or pass tokens.${facade}.`);
}
