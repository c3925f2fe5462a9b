import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BitPayKeyError } from '../errors/errors.js';
import { type Key, keyFromHex, keyFromPem } from './key.js';

/**
 * Writes the key in the official Node SDK's format (64 hex chars, no newline) with mode 0600.
 * Written to a temporary file first and renamed, so a crash never leaves half a key behind.
 */
export async function saveKey(path: string, key: Key): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(key.privateKeyHex, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(tmp, 0o600); // the umask cannot widen it, but be explicit
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

/** Reads a key file: the Node SDK's hex format, or a PEM (SEC1 or PKCS#8). */
export async function loadKey(path: string, options: { passphrase?: string } = {}): Promise<Key> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new BitPayKeyError('INVALID_KEY', `Cannot read the key file (${code ?? 'error'}).`, { cause });
  }
  return text.includes('-----BEGIN') ? keyFromPem(text, options.passphrase) : keyFromHex(text);
}
