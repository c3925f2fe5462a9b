import pg from 'pg';

/** The PostgreSQL the tests use, and whether a run must fail (CI) rather than skip without it. */
export const PG_URL = process.env.BITPAY_CHECKOUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const PG_REQUIRED = process.env.BITPAY_CHECKOUT_REQUIRE_PG === '1';

/** Null when reachable; otherwise why not (printed by the suites that skip). */
export async function pgUnavailableReason(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return `PostgreSQL not reachable at BITPAY_CHECKOUT_PG_URL (${(err as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A schema name no other run uses, so parallel runs never collide. */
export function freshSchema(prefix = 'bpc_test'): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Resolves the reachability once per file; throws under BITPAY_CHECKOUT_REQUIRE_PG=1 when unreachable. */
export async function pgOrSkip(): Promise<boolean> {
  const reason = await pgUnavailableReason();
  if (reason === null) return true;
  if (PG_REQUIRED) throw new Error(`${reason}; BITPAY_CHECKOUT_REQUIRE_PG=1 makes this a failure.`);
  console.warn(`[skip] PostgreSQL suites skipped: ${reason}`);
  return false;
}
