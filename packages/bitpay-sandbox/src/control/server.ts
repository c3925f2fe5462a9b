import type { ServerResponse } from 'node:http';
import { SandboxError } from '../errors.js';
import type { Router } from '../http/router.js';
import { send } from '../http/server.js';
import { writeJson } from '../json/write.js';
import { controlStatus } from './routes.js';

/** Control-surface dispatch: plain JSON in and out, failures as `{"error","code"}`. */
export async function handleControl(
  router: Router,
  method: string,
  path: string,
  raw: Buffer,
  res: ServerResponse,
): Promise<void> {
  const json = 'application/json; charset=utf-8';
  const fail = (status: number, code: string, message: string) =>
    send(res, status, writeJson({ error: message, code }), json);
  const found = router.match(method, path);
  if (!found) return fail(404, 'not_found', `no control endpoint ${method} ${path}`);
  if (found === 'method') return fail(405, 'method_not_allowed', `${method} not allowed on ${path}`);
  let body: Record<string, unknown> = {};
  if (raw.length > 0) {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return fail(400, 'invalid_json', 'the body must be a JSON object');
    }
  }
  try {
    const reply = await found.route.handle({
      method,
      path,
      query: new URLSearchParams(),
      rawBody: raw,
      body,
      signedUrl: '',
      headers: {},
      params: found.params,
    });
    send(res, reply.status ?? 200, writeJson(reply.body), json);
  } catch (err) {
    if (err instanceof SandboxError) return fail(controlStatus(err.code), err.code, err.message);
    throw err;
  }
}
