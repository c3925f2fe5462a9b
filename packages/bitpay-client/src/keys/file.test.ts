import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BitPayError } from '../errors/errors.js';
import { loadKey, saveKey } from './file.js';
import { generateKey, keyFromHex } from './key.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bitpay-key-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saveKey / loadKey', () => {
  it('round-trips in the Node SDK format (64 hex chars, no newline) with mode 0600', async () => {
    const key = generateKey();
    const path = join(dir, 'nested', 'bitpay.key');
    await saveKey(path, key);
    expect(await readFile(path, 'utf8')).toBe(key.privateKeyHex);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
    const loaded = await loadKey(path);
    expect(loaded.sin).toBe(key.sin);
    expect(loaded.privateKeyHex).toBe(key.privateKeyHex);
  });

  it('overwrites an existing, too-open key file and leaves it 0600', async () => {
    const path = join(dir, 'bitpay.key');
    await writeFile(path, 'old', { mode: 0o755 });
    const key = generateKey();
    await saveKey(path, key);
    expect((await loadKey(path)).sin).toBe(key.sin);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('reads a file the official SDK setup wrote (hex, maybe with a trailing newline)', async () => {
    const path = join(dir, 'private_key_test.key');
    await writeFile(path, '9ee267c293e74c12bf4035746834ad4f5690d546d7d10e15c92fc83043552186\n');
    expect((await loadKey(path)).sin).toBe('Tf426U3aRh3MWTYtVJgsUY3Bhzw9W5BTckG');
  });

  it('reads a PEM key file', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    const path = join(dir, 'key.pem');
    await writeFile(path, pair.privateKey.export({ format: 'pem', type: 'sec1' }));
    const d = Buffer.from(pair.privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('hex');
    expect((await loadKey(path)).sin).toBe(keyFromHex(d).sin);
  });

  it('a missing or corrupt file gives INVALID_KEY', async () => {
    await expect(loadKey(join(dir, 'absent.key'))).rejects.toMatchObject({ code: 'INVALID_KEY' });
    const path = join(dir, 'bad.key');
    await writeFile(path, 'not a key');
    const err = await loadKey(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BitPayError);
    expect((err as BitPayError).code).toBe('INVALID_KEY');
  });
});
