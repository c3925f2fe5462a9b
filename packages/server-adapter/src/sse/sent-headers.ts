import type { ServerResponse } from 'node:http';

/**
 * Node keeps every header set with `setHeader` in a null-prototype object (a hash table, plus one
 * `[name, value]` array per header) for the response's whole life, though nothing reads it once the
 * head is on the wire. For an event stream that is about 0.6 KB per open stream. Node names that slot
 * by a private symbol; it is looked up by its description and, if a Node release renames it, nothing
 * is dropped and nothing else changes. Only call this after the head has been flushed.
 */
export function forgetSentHeaders(res: ServerResponse): void {
  if (!res.headersSent) return;
  if (outHeaders === undefined) {
    outHeaders = Object.getOwnPropertySymbols(res).find((s) => s.description === 'kOutHeaders') ?? null;
  }
  if (outHeaders !== null) (res as unknown as Record<symbol, unknown>)[outHeaders] = null;
}

let outHeaders: symbol | null | undefined;
