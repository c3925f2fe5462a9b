import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresStore } from '@bitpay-checkout/server-adapter/postgres';
import { sqliteStore } from '@bitpay-checkout/server-adapter/sqlite';
import { afterAll } from 'vitest';
import type { Store } from '../src/store/types.js';
import { dropSchema, freshSchema, PG_URL, pgOrSkip } from './pg.js';

/**
 * The real stores a suite runs against, for `describe.each`: [name, available, make a fresh one]. SQLite files
 * and PostgreSQL schemas made are removed after the file; PostgreSQL is unavailable (and says why) without a server.
 */
export async function storesUnderTest(prefix: string): Promise<[string, boolean, () => Store][]> {
  const pgAvailable = await pgOrSkip();
  const dirs: string[] = [];
  const schemas: string[] = [];
  afterAll(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    for (const s of schemas) await dropSchema(s);
  });
  return [
    [
      'sqlite',
      true,
      () => {
        const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
        dirs.push(dir);
        return sqliteStore({ file: join(dir, 'store.sqlite') });
      },
    ],
    [
      'postgres',
      pgAvailable,
      () => {
        const schema = freshSchema(prefix.replace(/-/g, '_'));
        schemas.push(schema);
        return postgresStore({ connectionString: PG_URL, schema });
      },
    ],
  ];
}
