import { existsSync } from 'node:fs';
import { generateKey, saveKey } from '@bitpay-checkout/bitpay-client';
import { paths } from './files.js';
import { CliError, type CliIO } from './output.js';

/** `init`: a new private key (mode 0600) and its Client ID. */
export async function init(io: CliIO, options: { dir?: string; force?: boolean }): Promise<void> {
  const p = paths(options.dir);
  if (existsSync(p.key) && !options.force) {
    throw new CliError(
      `${p.key} already exists. Keep it (its tokens are paired to it), or pass --force to replace it and pair again.`,
    );
  }
  io.out('Generating a secp256k1 key…');
  const key = generateKey();
  await saveKey(p.key, key);
  io.out(`✔ Key written to ${p.key} (mode 0600). Keep it secret and out of version control.`);
  io.out(`  Client ID (SIN): ${key.sin}`);
  io.out('Next: bitpay-checkout pair --facade merchant --env test');
}
