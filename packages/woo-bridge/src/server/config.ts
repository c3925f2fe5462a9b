import { readFileSync } from 'node:fs';
import { BridgeError } from '../errors/errors.js';
import type { StatusMap } from '../orders/transitions.js';

/** Everything `bitpay-checkout-woo serve` needs; from environment variables and, optionally, a JSON file. */
export interface BridgeConfig {
  wooUrl: string;
  consumerKey: string;
  consumerSecret: string;
  sharedSecret: string;
  /** `test`, `prod`, or a sandbox URL. */
  environment: string;
  keyFile: string;
  tokensFile: string;
  host: string;
  port: number;
  /** How shoppers' browsers and BitPay reach this server (https in production: BitPay posts IPNs there); default the listening address. */
  publicUrl: string | null;
  /** PostgreSQL connection string; without it, SQLite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** Origins allowed to call the adapter from a browser; default the shop's. */
  allowedOrigins: string[];
  /** Express's `trust proxy`: who may say the client's address in X-Forwarded-For. */
  trustProxy: string;
  statusMap: Partial<StatusMap>;
}

/** Each setting: its key in the file, its environment variable, its default. */
const SETTINGS = {
  wooUrl: { env: 'WOO_URL' },
  consumerKey: { env: 'WOO_CONSUMER_KEY' },
  consumerSecret: { env: 'WOO_CONSUMER_SECRET' },
  sharedSecret: { env: 'WOO_BRIDGE_SECRET' },
  environment: { env: 'BITPAY_ENV', default: 'test' },
  keyFile: { env: 'BITPAY_KEY_FILE', default: './.bitpay-checkout/key.hex' },
  tokensFile: { env: 'BITPAY_TOKENS_FILE', default: './.bitpay-checkout/tokens.json' },
  host: { env: 'HOST', default: '127.0.0.1' },
  port: { env: 'PORT', default: '8787' },
  publicUrl: { env: 'PUBLIC_URL' },
  databaseUrl: { env: 'DATABASE_URL' },
  dataDir: { env: 'DATA_DIR', default: './data' },
  allowedOrigins: { env: 'ALLOWED_ORIGINS' },
  trustProxy: { env: 'TRUST_PROXY', default: 'loopback' },
  expiredStatus: { env: 'EXPIRED_STATUS' },
  statusMap: { env: null },
} as const;

type FileConfig = Partial<Record<keyof typeof SETTINGS, unknown>>;

function fail(setting: string, why: string): never {
  const env = (SETTINGS as Record<string, { env: string | null }>)[setting]?.env;
  throw new BridgeError('INVALID_OPTION', `${setting}${env ? ` (${env})` : ''} ${why}`);
}

function readFile(file: string): FileConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new BridgeError('INVALID_OPTION', `Cannot read the config file ${file}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BridgeError('INVALID_OPTION', `The config file ${file} is not JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BridgeError('INVALID_OPTION', `The config file ${file} must hold a JSON object.`);
  }
  for (const k of Object.keys(parsed)) {
    if (!(k in SETTINGS)) throw new BridgeError('INVALID_OPTION', `The config file ${file}: unknown setting "${k}".`);
  }
  return parsed as FileConfig;
}

/**
 * The bridge's configuration: environment variables win over the file (`--config`, or WOO_BRIDGE_CONFIG).
 * A missing or malformed setting throws a BridgeError (INVALID_OPTION) that names it and its variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, file?: string): BridgeConfig {
  const path = file ?? env.WOO_BRIDGE_CONFIG;
  const fromFile = path ? readFile(path) : {};
  const get = (k: keyof typeof SETTINGS): string | undefined => {
    const s = SETTINGS[k];
    const fromEnv = s.env ? env[s.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    const v = fromFile[k];
    if (v !== undefined && v !== null) {
      if (k === 'allowedOrigins' && Array.isArray(v)) return v.join(',');
      if (typeof v !== 'string' && typeof v !== 'number') fail(k, 'must be a string.');
      return String(v);
    }
    return 'default' in s ? s.default : undefined;
  };
  const required = (k: keyof typeof SETTINGS): string => get(k) ?? fail(k, 'is required.');

  const wooUrl = required('wooUrl');
  let shop: URL;
  try {
    shop = new URL(wooUrl);
  } catch {
    fail('wooUrl', "must be the shop's address, e.g. https://shop.example.");
  }
  const port = Number(get('port'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('port', 'must be a port number.');
  const host = get('host')!;
  const publicUrl = get('publicUrl')?.replace(/\/+$/, '') ?? null;
  if (publicUrl !== null) {
    try {
      new URL(publicUrl);
    } catch {
      fail('publicUrl', 'must be an absolute URL.');
    }
  }
  const origins = (get('allowedOrigins') ?? shop.origin)
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);

  let statusMap: Partial<StatusMap> = {};
  if (fromFile.statusMap !== undefined) {
    if (typeof fromFile.statusMap !== 'object' || fromFile.statusMap === null) fail('statusMap', 'must be an object.');
    statusMap = { ...(fromFile.statusMap as Partial<StatusMap>) };
  }
  const expired = get('expiredStatus');
  if (expired !== undefined) {
    if (expired !== 'pending' && expired !== 'cancelled') fail('expiredStatus', 'must be "pending" or "cancelled".');
    statusMap.expired = expired;
  }

  return {
    wooUrl: shop.href.replace(/\/+$/, ''),
    consumerKey: required('consumerKey'),
    consumerSecret: required('consumerSecret'),
    sharedSecret: required('sharedSecret'),
    environment: get('environment')!,
    keyFile: get('keyFile')!,
    tokensFile: get('tokensFile')!,
    host,
    port,
    publicUrl,
    databaseUrl: get('databaseUrl') ?? null,
    dataDir: get('dataDir')!,
    allowedOrigins: origins,
    trustProxy: get('trustProxy')!,
    statusMap,
  };
}
