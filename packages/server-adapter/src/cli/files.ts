import { chmod, mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEFAULT_CONFIG_DIR } from '../options/defaults.js';
import { CliError } from './output.js';

export interface TokensFile {
  environment?: string;
  merchant?: string;
  pos?: string;
}

export function paths(dir = DEFAULT_CONFIG_DIR): { dir: string; key: string; tokens: string } {
  return { dir, key: join(dir, 'key.hex'), tokens: join(dir, 'tokens.json') };
}

export async function readTokens(file: string): Promise<TokensFile | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    return JSON.parse(text) as TokensFile;
  } catch {
    throw new CliError(`${file} is not JSON. Delete it and run \`bitpay-checkout pair\` again.`);
  }
}

/** Written whole to a temporary file with mode 0600, then renamed: never half a secret on disk. */
export async function writeSecretFile(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}
