// A fresh PostgreSQL schema per test file, so runs never collide; fails loudly when PostgreSQL is not running.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the tests find PostgreSQL (TEST_DATABASE_URL, else the local cluster's `test` database). */
export const PG_TEST_BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A private schema: `url(instance)` connects into it (a different `instance` = a different pool, as another process would have). */
export interface PgTestDb {
  schema: string;
  url(instance?: string): string;
  /** Runs SQL as an administrator outside the app's pools (to inspect, or to terminate its connections). */
  admin(sql: string, params?: unknown[]): Promise<pg.QueryResultRow[]>;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

const HOW_TO_START =
  'The PostgreSQL tests need the local server. Start it with:\n' +
  '  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n' +
  `or point TEST_DATABASE_URL at another one (now: ${PG_TEST_BASE_URL.replace(/:[^:@/]*@/, ':***@')}).`;

/** Creates a uniquely named schema; rejects with instructions when PostgreSQL does not answer. */
export async function createPgTestDb(): Promise<PgTestDb> {
  const admin = new pg.Client({ connectionString: PG_TEST_BASE_URL, connectionTimeoutMillis: 3000 });
  admin.on('error', () => {});
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`\n\n*** PostgreSQL is not reachable: ${(err as Error).message} ***\n${HOW_TO_START}\n`);
  }
  const schema = `vpnbot_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const join = PG_TEST_BASE_URL.includes('?') ? '&' : '?';
  return {
    schema,
    url: (instance = 'a') =>
      `${PG_TEST_BASE_URL}${join}options=${encodeURIComponent(`-c search_path=${schema}`)}` +
      `&application_name=${encodeURIComponent(`${schema}_${instance}`)}`,
    admin: async (sql, params) => (await admin.query(sql, params)).rows,
    drop: async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}
