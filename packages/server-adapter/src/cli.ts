import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { doctor } from './cli/doctor.js';
import { init } from './cli/init.js';
import { CliError, type CliIO, processIO } from './cli/output.js';
import { pair } from './cli/pair.js';
import { DEFAULT_CONFIG_DIR } from './options/defaults.js';

const USAGE = `Usage: bitpay-checkout <command> [options]

Commands:
  init                                   new key (mode 0600); prints the Client ID
  pair --facade merchant|pos --env test|prod|URL
                                         request a token; prints the pairing code to approve
  doctor [--env test|prod|URL]           check key, token, reachability and clock skew

Options:
  --dir <path>     where the key and tokens live (default ${DEFAULT_CONFIG_DIR})
  --label <text>   pairing label shown in the dashboard (pair)
  --force          replace an existing key (init)
  -h, --help       this text`;

/** Runs the CLI; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        dir: { type: 'string' },
        facade: { type: 'string' },
        env: { type: 'string' },
        label: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    (command || values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  const dir = values.dir as string | undefined;
  try {
    switch (command) {
      case 'init':
        await init(io, { dir, force: values.force === true });
        return 0;
      case 'pair':
        await pair(io, {
          dir,
          facade: values.facade as string | undefined,
          env: values.env as string | undefined,
          label: values.label as string | undefined,
        });
        return 0;
      case 'doctor':
        return (await doctor(io, { dir, env: values.env as string | undefined })) === 0 ? 0 : 1;
      default:
        io.err(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`✖ ${err.message}`);
      return 1;
    }
    throw err;
  }
}

// Run when started as a program (bin/bitpay-checkout.mjs sets the variable), not when imported.
if (process.argv[1] === fileURLToPath(import.meta.url) || process.env.BITPAY_CHECKOUT_CLI === '1') {
  process.exitCode = await runCli(process.argv.slice(2));
}
