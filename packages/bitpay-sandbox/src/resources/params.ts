import { invalidParam } from '../errors.js';
import type { RequestContext } from '../http/router.js';

/** Request parameters: query for GET/DELETE, JSON body for POST/PUT. */
export function param(ctx: RequestContext, name: string): unknown {
  return ctx.method === 'GET' || ctx.method === 'DELETE' ? (ctx.query.get(name) ?? undefined) : ctx.body[name];
}

export function optString(ctx: RequestContext, name: string, max = 10_000): string | undefined {
  const v = param(ctx, name);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > max) throw invalidParam(name);
  return v;
}

/** A boolean: true/false or 1/0, as JSON or as query text (PHP's http_build_query writes `forceCancel=1`). */
export function optBool(ctx: RequestContext, name: string): boolean | undefined {
  const v = param(ctx, name);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 1) return true;
  if (v === 'false' || v === '0' || v === 0) return false;
  throw invalidParam(name);
}

export function optNumber(ctx: RequestContext, name: string): number | undefined {
  const v = param(ctx, name);
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw invalidParam(name);
  return n;
}

/** Checks an http(s) URL (http allowed: the sandbox runs next to local stores). */
export function optUrl(ctx: RequestContext, name: string): string | undefined {
  const v = optString(ctx, name, 2000);
  if (v === undefined || v === '') return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw invalidParam(name);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalidParam(name);
  return v;
}

/** `YYYY-MM-DD` (or a full ISO date, as PHP sends) to ms; `endOfDay` includes the whole day. */
export function optDate(ctx: RequestContext, name: string, endOfDay = false): number | undefined {
  const v = optString(ctx, name, 40);
  if (v === undefined || v === '') return undefined;
  const day = /^\d{4}-\d{1,2}-\d{1,2}$/.test(v);
  const ms = Date.parse(day ? `${v.replace(/-(\d)(?=-|$)/g, '-0$1')}T00:00:00Z` : v);
  if (!Number.isFinite(ms)) throw invalidParam(name);
  return day && endOfDay ? ms + 86_400_000 - 1 : ms;
}

/** limit/offset paging. */
export function page<T>(ctx: RequestContext, items: T[]): T[] {
  const limit = optNumber(ctx, 'limit');
  const offset = optNumber(ctx, 'offset') ?? 0;
  if (offset < 0 || (limit !== undefined && limit < 0))
    throw invalidParam(limit !== undefined && limit < 0 ? 'limit' : 'offset');
  return items.slice(offset, limit === undefined ? undefined : offset + limit);
}
