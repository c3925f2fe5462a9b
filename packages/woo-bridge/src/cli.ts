import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BridgeError } from './errors/errors.js';
import { loadConfig } from './server/config.js';
import { startBridge } from './server/serve.js';

const USAGE = `bitpay-checkout-woo: the bridge between WooCommerce and BitPay

  bitpay-checkout-woo serve [--config bridge.json]   run the bridge (settings: environment variables, see the README)
  bitpay-checkout-woo secret                         print a new shared secret for the plugin and the bridge
  bitpay-checkout-woo init | pair | doctor …         the adapter's key tools (bitpay-checkout init, pair --facade merchant, doctor)
`;

/** The adapter's own CLI, as installed beside this package. */
function adapterCli(args: string[]): number {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('@bitpay-checkout/server-adapter/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { bin: Record<string, string> };
  const bin = join(dirname(pkgFile), pkg.bin['bitpay-checkout']!);
  return spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' }).status ?? 1;
}

async function serve(args: string[]): Promise<void> {
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--config' && args[i + 1]) file = args[++i];
    else throw new BridgeError('INVALID_OPTION', `serve: unknown argument "${args[i]}".`);
  }
  const config = loadConfig(process.env, file);
  const bridge = await startBridge(config);
  console.log(`BitPay Checkout bridge listening on ${bridge.url}`);
  console.log(`  plugin setting "Bridge URL": ${bridge.publicUrl}`);
  console.log(`  shop: ${config.wooUrl}; BitPay: ${config.environment}`);
  const stop = () => {
    void bridge.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      await serve(rest);
      return 0;
    case 'secret':
      console.log(randomBytes(32).toString('base64url'));
      return 0;
    case 'init':
    case 'pair':
    case 'doctor':
      return adapterCli([command, ...rest]);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

if (process.env.BITPAY_CHECKOUT_WOO_CLI === '1') {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof BridgeError ? `✖ ${err.message}` : err);
      process.exitCode = 1;
    },
  );
}
