import { describe, expect, it } from 'vitest';
import { SandboxError } from './errors.js';
import { DEFAULT_HOST, DEFAULT_PORT, resolveOptions } from './options.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SandboxError);
    return (e as SandboxError).code;
  }
  return undefined;
}

describe('startSandbox options', () => {
  it('defaults to 127.0.0.1:4010, manual approval, signed IPNs, no proxy trust', () => {
    const o = resolveOptions();
    expect([o.host, o.port, o.autoApprove, o.signIpns, o.trustProxy]).toEqual([
      DEFAULT_HOST,
      DEFAULT_PORT,
      false,
      true,
      false,
    ]);
    expect(DEFAULT_HOST).toBe('127.0.0.1');
  });

  it('adds the trailing slash to publicUrl', () => {
    expect(resolveOptions({ publicUrl: 'https://x.example/bitpay' }).publicUrl).toBe('https://x.example/bitpay/');
  });

  it('refuses unknown keys, typos and bad values, naming the option', () => {
    expect(codeOf(() => resolveOptions({ autoAprove: true } as never))).toBe('invalid_option');
    expect(codeOf(() => resolveOptions({ port: 70000 }))).toBe('invalid_option');
    expect(codeOf(() => resolveOptions({ publicUrl: 'ftp://x' }))).toBe('invalid_option');
    expect(codeOf(() => resolveOptions({ trustProxy: 'yes' as never }))).toBe('invalid_option');
  });
});
