import { stat } from 'node:fs/promises';
import { BitPayClient, type Key, loadKey } from '@bitpay-checkout/bitpay-client';
import { describeError } from '../log/logger.js';
import { paths, readTokens } from './files.js';
import type { CliIO } from './output.js';
import { approvalUrl, checkEnv } from './pair.js';

type Verdict = 'ok' | 'warn' | 'fail';
const MARK: Record<Verdict, string> = { ok: '✔', warn: '!', fail: '✖' };
/** Beyond this, signed requests and invoice expiry times start to look wrong. */
const SKEW_WARN_MS = 30_000;

/** `doctor`: key, token, reachability, clock skew; one verdict each. Resolves to the number of failures. */
export async function doctor(
  io: CliIO,
  options: { dir?: string; env?: string; fetch?: typeof fetch },
): Promise<number> {
  const p = paths(options.dir);
  let failures = 0;
  const report = (verdict: Verdict, what: string, detail: string) => {
    if (verdict === 'fail') failures++;
    io.out(`${MARK[verdict]} ${what}: ${detail}`);
  };

  let key: Key | undefined;
  try {
    key = await loadKey(p.key);
    const mode = (await stat(p.key)).mode & 0o777;
    if (mode & 0o077)
      report('warn', 'key', `${p.key} is readable by others (mode ${mode.toString(8)}); run chmod 600 ${p.key}.`);
    else report('ok', 'key', `${p.key}, Client ID ${key.sin}`);
  } catch {
    report('fail', 'key', `no usable key at ${p.key}; run \`bitpay-checkout init\`.`);
  }

  const tokens = await readTokens(p.tokens).catch(() => null);
  const env = options.env ? checkEnv(options.env) : (tokens?.environment ?? 'test');
  const facades = (['merchant', 'pos'] as const).filter((f) => tokens?.[f]);
  if (!tokens || facades.length === 0)
    report('fail', 'token', `none in ${p.tokens}; run \`bitpay-checkout pair --facade merchant --env ${env}\`.`);
  else if (tokens.environment && tokens.environment !== env)
    report('fail', 'token', `${p.tokens} is for ${tokens.environment}, not ${env}.`);

  const client = new BitPayClient({
    environment: env,
    ...(key ? { key } : {}),
    maxRetries: 0,
    timeoutMs: 10_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const fetchImpl = options.fetch ?? fetch;
  try {
    const started = Date.now();
    const res = await fetchImpl(`${client.baseUrl}rates/BTC/USD`, {
      headers: { 'X-Accept-Version': '2.0.0', 'Content-Type': 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    const ended = Date.now();
    await res.arrayBuffer();
    report(res.ok ? 'ok' : 'fail', 'reachability', `${client.baseUrl} answered ${res.status} in ${ended - started} ms`);
    const date = res.headers.get('date');
    if (date) {
      const skew = Math.round((started + ended) / 2 - Date.parse(date));
      const verdict: Verdict = Math.abs(skew) > SKEW_WARN_MS ? 'warn' : 'ok';
      report(
        verdict,
        'clock',
        `${skew >= 0 ? '+' : ''}${Math.round(skew / 1000)} s against BitPay${verdict === 'warn' ? '; sync this machine’s clock (NTP)' : ''}`,
      );
    } else report('warn', 'clock', 'BitPay sent no Date header; cannot measure skew.');
  } catch (err) {
    report(
      'fail',
      'reachability',
      `${client.baseUrl} did not answer (${describeError(err)}); check the network or --env.`,
    );
  }

  if (key && tokens && facades.length > 0 && (!tokens.environment || tokens.environment === env)) {
    try {
      const approved = await client.getTokens();
      for (const f of facades) {
        if (approved[f] === tokens[f]) report('ok', `${f} token`, 'approved for this key');
        else report('fail', `${f} token`, `not approved yet; approve its pairing code at ${approvalUrl(env)}.`);
      }
    } catch (err) {
      report(
        'fail',
        'tokens',
        `could not list this key’s tokens (${describeError(err)}); pair again if the key changed.`,
      );
    }
  }
  io.out(failures === 0 ? 'All checks passed.' : `${failures} check(s) failed.`);
  return failures;
}
