import { parseArgs } from 'node:util';
import { SandboxError } from './errors.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './options.js';
import { startSandbox } from './sandbox.js';

const USAGE = `usage: bitpay-sandbox [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--auto-approve] [--public-url URL] [--trust-proxy] [--quiet]`;

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'auto-approve': { type: 'boolean' },
        'public-url': { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  const quiet = values.quiet === true;
  try {
    const sb = await startSandbox({
      port,
      host: typeof values.host === 'string' ? values.host : DEFAULT_HOST,
      autoApprove: values['auto-approve'] === true,
      publicUrl: typeof values['public-url'] === 'string' ? values['public-url'] : undefined,
      trustProxy: values['trust-proxy'] === true,
      log: quiet ? () => {} : (line) => console.error(line),
    });
    console.log(`BitPay sandbox listening on ${sb.url} (control panel: ${sb.url}sandbox)`);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.once(sig, () => {
        void sb.close().then(() => process.exit(0));
      });
    }
  } catch (e) {
    if (e instanceof SandboxError) console.error(`${e.code}: ${e.message}`);
    else console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}

void main();
