import { randomBytes } from 'node:crypto';

/** Everything the demo reads from the environment, with its default. */
export interface DemoConfig {
  host: string;
  port: number;
  sandboxPort: number;
  /** 'sandbox' (default), or 'test' / 'prod' for BitPay itself. */
  bitpayEnv: 'sandbox' | 'test' | 'prod';
  keyFile: string | undefined;
  merchantToken: string | undefined;
  publicUrl: string | undefined;
  adminPassword: string;
  dataDir: string;
}

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const bitpayEnv = (env.BITPAY_ENV ?? 'sandbox') as DemoConfig['bitpayEnv'];
  if (!['sandbox', 'test', 'prod'].includes(bitpayEnv)) {
    throw new ConfigError(`BITPAY_ENV must be sandbox, test or prod (got ${JSON.stringify(bitpayEnv)})`);
  }
  const config: DemoConfig = {
    host: env.HOST ?? '127.0.0.1',
    port: port(env.PORT, 3000, 'PORT'),
    sandboxPort: port(env.SANDBOX_PORT, 4010, 'SANDBOX_PORT'),
    bitpayEnv,
    keyFile: env.BITPAY_KEY_FILE,
    merchantToken: env.BITPAY_MERCHANT_TOKEN,
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    adminPassword: env.ADMIN_PASSWORD ?? randomBytes(6).toString('hex'),
    dataDir: env.DATA_DIR ?? 'data',
  };
  if (bitpayEnv !== 'sandbox') {
    // The key and token default to what `bitpay-checkout init` and `pair` wrote (./.bitpay-checkout/).
    if (!env.PUBLIC_URL) {
      throw new ConfigError(`BITPAY_ENV=${bitpayEnv} needs PUBLIC_URL: the store's public https address, for IPNs`);
    }
  }
  return config;
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name} must be a port number (got ${value})`);
  return n;
}
