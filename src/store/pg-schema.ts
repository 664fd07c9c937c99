// The PostgreSQL schema every store shares: where it stands and bringing it up to date, safely when many instances
// start at once.
import type pg from 'pg';
import { type Migration, tablesAt } from './schema/migrations.ts';
import { createTableSql, VERSION_TABLE } from './schema/render-sql.ts';
import {
  type AppliedMigration,
  planSchema,
  type SchemaFound,
  type SchemaStatus,
  upgradePlan,
} from './schema/schema-plan.ts';

/** Advisory-lock namespaces (the first key of pg_advisory_xact_lock(int, int)) used by the stores. */
export const LOCK_NS = { schema: 0x76706e00, mailbox: 0x76706e01 } as const;

/** Every table the stores use (readiness checks each is there). */
export const PG_TABLES: readonly string[] = tablesAt('pg').map((t) => t.name);

/** The tables (with their columns) and indexes in the first schema of the connection's search_path. */
async function inspect(client: pg.ClientBase): Promise<SchemaFound> {
  const columns = await client.query<{ table_name: string; column_name: string }>(
    'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()',
  );
  const tables = new Map<string, Set<string>>();
  for (const r of columns.rows) {
    const set = tables.get(r.table_name) ?? new Set<string>();
    set.add(r.column_name);
    tables.set(r.table_name, set);
  }
  const indexes = await client.query<{ indexname: string }>(
    'SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()',
  );
  return { tables, indexes: new Set(indexes.rows.map((r) => r.indexname)) };
}

const appliedIn = async (client: pg.ClientBase, found: SchemaFound): Promise<AppliedMigration[]> =>
  found.tables.has(VERSION_TABLE.name)
    ? (
        await client.query<AppliedMigration>(
          'SELECT version, name, applied_at::float8 AS "appliedAt" FROM schema_migrations ORDER BY version',
        )
      ).rows
    : [];

/** Where the database's schema stands, without changing it; rejects with SchemaTooNewError for a newer release's. */
export async function pgSchemaStatus(client: pg.ClientBase): Promise<SchemaStatus> {
  const found = await inspect(client);
  return planSchema(await appliedIn(client, found), found, 'pg');
}

/**
 * Brings the first schema of the connection's search_path to the latest version in one transaction held under an
 * advisory lock, so instances starting at once take turns; resolves with the migrations applied. A newer release's
 * database rejects with SchemaTooNewError and is left as it was.
 */
export async function ensurePgSchema(client: pg.ClientBase, now = Date.now()): Promise<Migration[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_NS.schema]);
    const found = await inspect(client);
    const status = planSchema(await appliedIn(client, found), found, 'pg');
    const plan = upgradePlan(status, found, 'pg');
    await client.query(createTableSql(VERSION_TABLE, 'pg'));
    for (const sql of plan.sql) await client.query(sql);
    for (const m of plan.record)
      await client.query(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING',
        [m.version, m.name, now],
      );
    await client.query('COMMIT');
    return status.pending;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
