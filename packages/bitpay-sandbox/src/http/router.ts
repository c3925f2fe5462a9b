import type { IncomingHttpHeaders } from 'node:http';
import type { ApiToken, Facade, ResourceKind } from '../state/types.js';

/** What a handler sees of a request. */
export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Exact bytes received (signatures cover these, never a re-serialisation). */
  rawBody: Buffer;
  /** Parsed JSON body of POST/PUT (an object; {} when empty). */
  body: Record<string, unknown>;
  /** The URL the client addressed, as signed (§1.3). */
  signedUrl: string;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  /** The API token behind the call (for resource tokens: the token that created the resource). */
  token?: ApiToken;
  /** Set when the call authenticated with a resource token (invoice, refund, bill, …). */
  resource?: { kind: ResourceKind; id: string };
}

/** A JSON answer; `body` is written by writeJson (bigint-exact). */
export interface Reply {
  status?: number;
  body: unknown;
}

export type Access =
  | { kind: 'public' }
  /** Facade tokens allowed, and resource tokens of the given kinds (e.g. invoice token for notifications). */
  | { kind: 'token'; facades: readonly Facade[]; resources?: readonly ResourceKind[] };

export interface Route {
  method: string;
  pattern: string;
  access: Access;
  handle: (ctx: RequestContext) => Reply | Promise<Reply>;
}

interface Compiled extends Route {
  parts: string[];
}

/** Matches `/invoices/:id`-style patterns; path segments compare case-insensitively for fixed parts. */
export class Router {
  private readonly routes: Compiled[] = [];

  add(routes: Route[]): void {
    for (const r of routes) this.routes.push({ ...r, parts: r.pattern.split('/').filter(Boolean) });
  }

  /** The route for method+path, or `'method'` when the path exists under another method, or undefined. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | 'method' | undefined {
    const segs = path.split('/').filter(Boolean);
    let pathMatched = false;
    for (const r of this.routes) {
      const params = matchParts(r.parts, segs);
      if (!params) continue;
      if (r.method !== method) {
        pathMatched = true;
        continue;
      }
      return { route: r, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

function matchParts(parts: string[], segs: string[]): Record<string, string> | undefined {
  if (parts.length !== segs.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const s = segs[i]!;
    if (p.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(s);
      } catch {
        return undefined;
      }
      params[p.slice(1)] = value;
    } else if (p.toLowerCase() !== s.toLowerCase()) return undefined;
  }
  return params;
}
