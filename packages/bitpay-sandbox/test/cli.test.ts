import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/bitpay-sandbox.mjs', import.meta.url));

function run(args: string[]) {
  // A user's shell: no loader options inherited from the test runner.
  const env = { ...process.env, NODE_OPTIONS: '' };
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  // Handled here so runs that never read the line do not leave a rejected promise behind.
  firstLine.catch(() => undefined);
  return { child, firstLine, exited, stderr: () => err };
}

describe('bitpay-sandbox CLI', () => {
  it('starts on 127.0.0.1, prints one line with its URL, serves the API, stops on SIGTERM', async () => {
    const p = run(['--port', '0', '--auto-approve']);
    try {
      const line = await p.firstLine;
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(line)?.[1];
      expect(url).toBeDefined();
      const rates = await fetch(`${url}rates/BTC/USD`);
      expect(await rates.json()).toEqual({ data: { code: 'USD', name: 'US Dollar', rate: 60000 } });
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
  });

  it('uses --public-url for invoice links', async () => {
    const p = run(['--port', '0', '--public-url', 'https://sandbox.example/']);
    try {
      expect(await p.firstLine).toContain('https://sandbox.example/');
    } finally {
      p.child.kill('SIGTERM');
    }
    await p.exited;
  });

  it('refuses unknown flags and bad values with a non-zero exit', async () => {
    const unknown = run(['--bogus']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.stderr()).toContain('usage');
    const badPort = run(['--port', 'abc']);
    expect(await badPort.exited).toBe(1);
    expect(badPort.stderr()).toContain('invalid_option');
  });
});
