import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Sandbox, startSandbox } from '@bitpay-checkout/bitpay-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';

const here = dirname(fileURLToPath(import.meta.url));
let sandbox: Sandbox;
const temp: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'bpc-cli-'));
  temp.push(d);
  return d;
};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('bitpay-checkout CLI', () => {
  it('init → pair → doctor, with a code to approve and verdicts a person can act on', async () => {
    const dir = join(tempDir(), 'cfg');
    const first = await cli('init', '--dir', dir);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Client ID \(SIN\): T\w{34}/);
    expect(statSync(join(dir, 'key.hex')).mode & 0o777).toBe(0o600);
    const again = await cli('init', '--dir', dir);
    expect(again.code).toBe(1);
    expect(again.err).toContain('--force');

    const paired = await cli('pair', '--facade', 'merchant', '--env', sandbox.url, '--dir', dir);
    expect(paired.code).toBe(0);
    const code = /Pairing code: (\w{7})/.exec(paired.out)?.[1];
    expect(code).toBeDefined();
    expect(paired.out).toContain(`${sandbox.url}sandbox`);
    const tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8'));
    expect(tokens.environment).toBe(sandbox.url);
    expect(statSync(join(dir, 'tokens.json')).mode & 0o777).toBe(0o600);
    // The token itself is never printed.
    expect(paired.out).not.toContain(tokens.merchant);

    const before = await cli('doctor', '--dir', dir);
    expect(before.code).toBe(1);
    expect(before.out).toMatch(/✔ key/);
    expect(before.out).toMatch(/✔ reachability/);
    expect(before.out).toMatch(/✔ clock/);
    expect(before.out).toMatch(/✖ merchant token: not approved yet/);

    const approve = await fetch(`${sandbox.url}sandbox/pairing/${code}/approve`, { method: 'POST' });
    expect(approve.ok).toBe(true);
    const after = await cli('doctor', '--dir', dir);
    expect(after.out).toMatch(/✔ merchant token: approved/);
    expect(after.code).toBe(0);
    expect(after.out).not.toContain(tokens.merchant);
  });

  it('explains wrong input instead of failing obscurely', async () => {
    const dir = join(tempDir(), 'cfg');
    expect((await cli('pair', '--facade', 'merchant', '--env', sandbox.url, '--dir', dir)).err).toContain(
      'bitpay-checkout init',
    );
    expect((await cli('pair', '--facade', 'payroll', '--env', 'test', '--dir', dir)).err).toContain('--facade');
    expect((await cli('pair', '--facade', 'pos', '--env', 'staging', '--dir', dir)).err).toContain('--env');
    const unknown = await cli('deploy');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown command');
  });

  it('runs from its bin without a build', () => {
    const bin = resolve(here, '../bin/bitpay-checkout.mjs');
    const r = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('bitpay-checkout <command>');
  });
});
