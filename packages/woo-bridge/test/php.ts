import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const includes = fileURLToPath(new URL('../plugin/includes/', import.meta.url));

/** Whether a PHP CLI is here (the cross-language checks skip, saying so, without one). */
export const hasPhp = spawnSync('php', ['-v'], { stdio: 'ignore' }).status === 0;

/** Runs PHP code with the plugin's pure classes loaded; returns what it prints. */
export function runPhp(code: string): string {
  const prelude = `define('ABSPATH', '/'); require '${includes}class-bitpay-checkout-reference.php'; require '${includes}class-bitpay-checkout-request-signer.php';`;
  const r = spawnSync('php', ['-r', `${prelude} ${code}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`php failed: ${r.stderr}`);
  return r.stdout;
}
