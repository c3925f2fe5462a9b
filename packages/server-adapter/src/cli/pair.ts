import { BitPayClient, ENVIRONMENTS, loadKey } from '@bitpay-checkout/bitpay-client';
import { describeError } from '../log/logger.js';
import { paths, readTokens, writeSecretFile } from './files.js';
import { CliError, type CliIO } from './output.js';

export function checkEnv(env: string | undefined): string {
  if (env === 'test' || env === 'prod') return env;
  if (env && /^https?:\/\/[^/]+/.test(env)) return env.endsWith('/') ? env : `${env}/`;
  throw new CliError('--env must be test, prod or a sandbox URL such as http://127.0.0.1:4010/.');
}

/** Where a person approves a pairing code for this environment. */
export function approvalUrl(env: string): string {
  if (env === 'test' || env === 'prod') return `${ENVIRONMENTS[env]}dashboard/merchant/api-tokens`;
  return `${env}sandbox`;
}

/** `pair`: asks BitPay for a token for this key; the person approves the printed code in the dashboard. */
export async function pair(
  io: CliIO,
  options: { dir?: string; facade?: string; env?: string; label?: string; fetch?: typeof fetch },
): Promise<void> {
  const facade = options.facade ?? 'merchant';
  if (facade !== 'merchant' && facade !== 'pos') throw new CliError('--facade must be merchant or pos.');
  const env = checkEnv(options.env);
  const p = paths(options.dir);
  const key = await loadKey(p.key).catch(() => {
    throw new CliError(`No usable key at ${p.key}. Run \`bitpay-checkout init\` first.`);
  });
  const existing = (await readTokens(p.tokens)) ?? {};
  if (existing.environment && existing.environment !== env) {
    throw new CliError(
      `${p.tokens} holds tokens for ${existing.environment}, not ${env}. Use another --dir for a second environment.`,
    );
  }
  io.out(`Requesting a ${facade} token from ${env === 'test' || env === 'prod' ? ENVIRONMENTS[env] : env}…`);
  const client = new BitPayClient({ environment: env, key, ...(options.fetch ? { fetch: options.fetch } : {}) });
  let token: Awaited<ReturnType<BitPayClient['requestPairing']>>;
  try {
    token = await client.requestPairing(facade, options.label ?? 'bitpay-checkout');
  } catch (err) {
    throw new CliError(`BitPay refused the pairing request (${describeError(err)}). Check --env and your network.`);
  }
  await writeSecretFile(
    p.tokens,
    `${JSON.stringify({ ...existing, environment: env, [facade]: token.token }, null, 2)}\n`,
  );
  io.out(`✔ Token stored in ${p.tokens} (mode 0600).`);
  io.out(`  Pairing code: ${token.pairingCode ?? '(none: already active)'}`);
  if (token.pairingExpiration) io.out(`  Expires: ${new Date(token.pairingExpiration).toISOString()}`);
  io.out(`  Approve it at ${approvalUrl(env)} (the token works once approved).`);
  io.out('Then check everything with: bitpay-checkout doctor');
}
