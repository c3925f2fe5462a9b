import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey } from '@bitpay-checkout/bitpay-client';
import { describe, expect, it } from 'vitest';
import { AdapterError } from '../errors/errors.js';
import {
  DEFAULT_CREATE_DEADLINE_MS,
  DEFAULT_CREATE_LEASE_MS,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_IPN,
  DEFAULT_RATE_LIMIT,
  DEFAULT_REFRESH_INTERVAL_MS,
} from './defaults.js';
import type { CheckoutAdapterOptions } from './types.js';
import { resolveOptions } from './validate.js';

const key = generateKey();
const TOKEN = 'G7XM9fcM1gtCN7DUr8ZWtPGVFLTKiYWanHR4kvqsnjP3';
const base: CheckoutAdapterOptions = {
  environment: 'test',
  key: key.privateKeyHex,
  tokens: { merchant: TOKEN },
  resolveOrder: () => null,
};

function failure(options: unknown): AdapterError {
  try {
    resolveOptions(options as CheckoutAdapterOptions);
  } catch (err) {
    expect(err).toBeInstanceOf(AdapterError);
    expect((err as AdapterError).code).toBe('INVALID_OPTION');
    return err as AdapterError;
  }
  throw new Error('expected the options to be rejected');
}

describe('resolveOptions', () => {
  it('fills every default', () => {
    const o = resolveOptions(base);
    expect(o.refreshIntervalMs).toBe(DEFAULT_REFRESH_INTERVAL_MS);
    expect(o.monitoringWindowMs).toBe(24 * 60 * 60_000);
    expect(o.monitoringIntervalMs).toBe(5 * 60_000);
    expect(o.heartbeatIntervalMs).toBe(DEFAULT_HEARTBEAT_INTERVAL_MS);
    expect(o.rateLimit).toEqual(DEFAULT_RATE_LIMIT);
    expect(o.facade).toBe('merchant');
    expect(o.allowedOrigins.size).toBe(0);
    expect(o.notificationURL).toBeNull();
    expect(o.key.sin).toBe(key.sin);
  });

  it('fills and checks the IPN limits and the create lease and deadline', () => {
    const o = resolveOptions(base);
    expect(o.ipn).toEqual(DEFAULT_IPN);
    expect(o.createLeaseMs).toBe(DEFAULT_CREATE_LEASE_MS);
    expect(o.createDeadlineMs).toBe(DEFAULT_CREATE_DEADLINE_MS);
    expect(resolveOptions({ ...base, ipn: { perSource: false, keepBodyBytes: 0 } }).ipn).toMatchObject({
      perSource: false,
      perInvoice: DEFAULT_IPN.perInvoice,
      keepBodyBytes: 0,
    });
    expect(failure({ ...base, ipn: { perSource: 0 } }).message).toContain('"ipn.perSource"');
    expect(failure({ ...base, ipn: { perInvoice: true } }).message).toContain('"ipn.perInvoice"');
    expect(failure({ ...base, ipn: { perSorce: 5 } }).message).toContain('"ipn.perSorce"');
    expect(failure({ ...base, createLeaseMs: 10 }).message).toContain('"createLeaseMs"');
    expect(failure({ ...base, createDeadlineMs: '5s' }).message).toContain('"createDeadlineMs"');
  });

  it('names an unknown option and suggests the likely one', () => {
    const err = failure({ ...base, resolveOrdr: () => null });
    expect(err.message).toContain('"resolveOrdr"');
    expect(err.message).toContain('"resolveOrder"');
    expect(failure({ ...base, rateLimit: { creates: 1 } }).message).toContain('rateLimit.creates');
  });

  it('requires environment and resolveOrder', () => {
    expect(failure({ ...base, environment: undefined }).message).toContain('"environment"');
    expect(failure({ ...base, environment: 'staging' }).message).toContain('"environment"');
    expect(failure({ ...base, resolveOrder: undefined }).message).toContain('"resolveOrder"');
  });

  it('rejects a bad key without echoing it', () => {
    const secretish = 'ab'.repeat(31);
    const err = failure({ ...base, key: secretish });
    expect(err.message).toContain('"key"');
    expect(err.message).not.toContain(secretish);
  });

  it('reads the key and tokens from the files the CLI writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpc-opts-'));
    writeFileSync(join(dir, 'key.hex'), key.privateKeyHex);
    writeFileSync(join(dir, 'tokens.json'), JSON.stringify({ environment: 'test', merchant: TOKEN }));
    const o = resolveOptions({
      environment: 'test',
      keyFile: join(dir, 'key.hex'),
      tokensFile: join(dir, 'tokens.json'),
      resolveOrder: () => null,
    });
    expect(o.key.identity).toBe(key.identity);
    expect(o.tokens.merchant).toBe(TOKEN);
    expect(failure({ ...base, key: undefined, keyFile: join(dir, 'missing') }).message).toContain('"keyFile"');
    const prod = {
      environment: 'prod',
      key: key.privateKeyHex,
      tokensFile: join(dir, 'tokens.json'),
      resolveOrder: () => null,
    };
    expect(failure(prod).message).toContain('"tokensFile"');
    rmSync(dir, { recursive: true, force: true });
  });

  it('needs a token for the invoice facade', () => {
    expect(failure({ ...base, tokens: {} }).message).toContain('"tokens"');
    expect(failure({ ...base, facade: 'pos' }).message).toContain('"facade"');
    expect(failure({ ...base, tokens: { merchant: 'short' } }).message).toContain('tokens.merchant');
  });

  it('accepts only origins as allowedOrigins', () => {
    expect(
      resolveOptions({ ...base, allowedOrigins: ['https://shop.example'] }).allowedOrigins.has('https://shop.example'),
    ).toBe(true);
    expect(failure({ ...base, allowedOrigins: ['https://shop.example/path'] }).message).toContain('allowedOrigins[0]');
    expect(failure({ ...base, allowedOrigins: ['*'] }).message).toContain('allowedOrigins[0]');
  });

  it('requires https for notificationURL against BitPay, allows http for a local sandbox', () => {
    expect(failure({ ...base, notificationURL: 'http://shop.example/bitpay/ipn' }).message).toContain(
      '"notificationURL"',
    );
    const local = resolveOptions({
      ...base,
      environment: 'http://127.0.0.1:4010/',
      notificationURL: 'http://127.0.0.1:3000/bitpay/ipn',
    });
    expect(local.notificationURL).toBe('http://127.0.0.1:3000/bitpay/ipn');
  });

  it('checks numbers and switches', () => {
    expect(failure({ ...base, refreshIntervalMs: 5 }).message).toContain('"refreshIntervalMs"');
    expect(failure({ ...base, monitoringWindowMs: -1 }).message).toContain('"monitoringWindowMs"');
    expect(failure({ ...base, monitoringWindowMs: '1d' }).message).toContain('"monitoringWindowMs"');
    expect(failure({ ...base, monitoringIntervalMs: 5 }).message).toContain('"monitoringIntervalMs"');
    expect(resolveOptions({ ...base, monitoringWindowMs: 0 }).monitoringWindowMs).toBe(0);
    expect(failure({ ...base, rateLimit: { create: 0 } }).message).toContain('rateLimit.create');
    expect(failure({ ...base, transactionSpeed: 'fast' }).message).toContain('"transactionSpeed"');
    expect(failure({ ...base, requireIpnSignature: 'yes' }).message).toContain('"requireIpnSignature"');
    expect(resolveOptions({ ...base, rateLimit: false }).rateLimit).toBe(false);
  });
});
