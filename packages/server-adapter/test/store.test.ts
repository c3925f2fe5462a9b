import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresStore } from '@bitpay-checkout/server-adapter/postgres';
import { sqliteStore } from '@bitpay-checkout/server-adapter/sqlite';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/store/memory.js';
import { dropSchema, freshSchema, PG_URL, pgOrSkip } from './pg.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('memory', { create: async () => memoryStore() });

let dir = '';
runStoreContract('sqlite', {
  create: async () => {
    dir = mkdtempSync(join(tmpdir(), 'bpc-store-'));
    return sqliteStore({ file: join(dir, 'db', 'store.sqlite') });
  },
  reopen: async () => sqliteStore({ file: join(dir, 'db', 'store.sqlite') }),
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
});

const pgAvailable = await pgOrSkip();
let schema = '';
describe.skipIf(!pgAvailable)('PostgreSQL', () => {
  runStoreContract('postgres', {
    create: async () => {
      schema = freshSchema();
      return postgresStore({ connectionString: PG_URL, schema });
    },
    reopen: async () => postgresStore({ connectionString: PG_URL, schema }),
    cleanup: async () => dropSchema(schema),
  });
});

describe('memoryStore', () => {
  it('warns when used in production', () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    const warnings: string[] = [];
    try {
      memoryStore({ warn: (m) => warnings.push(m) });
    } finally {
      process.env.NODE_ENV = before;
    }
    expect(warnings).toHaveLength(1);
  });
});

describe('sqliteStore', () => {
  it('creates its folder and uses WAL', async () => {
    const d = mkdtempSync(join(tmpdir(), 'bpc-wal-'));
    const store = sqliteStore({ file: join(d, 'nested', 'x.sqlite') });
    await store.init();
    await store.recordIpn({
      invoiceId: 'a',
      body: Buffer.from('{}'),
      bodyBytes: 2,
      signature: 'absent',
      receivedAt: 1,
    });
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(join(d, 'nested'))).toContain('x.sqlite-wal');
    await store.close();
    rmSync(d, { recursive: true, force: true });
  });
});
