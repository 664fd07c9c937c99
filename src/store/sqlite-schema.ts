// The schema of the SQLite file: where it stands and bringing it up to date, in one write transaction.
import type Database from 'better-sqlite3';
import type { Migration } from './schema/migrations.ts';
import { createTableSql, VERSION_TABLE } from './schema/render-sql.ts';
import {
  type AppliedMigration,
  planSchema,
  type SchemaFound,
  type SchemaStatus,
  upgradePlan,
} from './schema/schema-plan.ts';

/** The tables (with their columns) and indexes in the file. */
function inspect(db: Database.Database): SchemaFound {
  const tables = new Map<string, Set<string>>();
  const names = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .all();
  for (const { name } of names) {
    const columns = db.pragma(`table_info("${name.replaceAll('"', '""')}")`) as { name: string }[];
    tables.set(name, new Set(columns.map((c) => c.name)));
  }
  const indexes = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index'")
    .all();
  return { tables, indexes: new Set(indexes.map((i) => i.name)) };
}

const appliedIn = (db: Database.Database, found: SchemaFound): AppliedMigration[] =>
  found.tables.has(VERSION_TABLE.name)
    ? db
        .prepare<[], AppliedMigration>(
          'SELECT version, name, applied_at AS appliedAt FROM schema_migrations ORDER BY version',
        )
        .all()
    : [];

/** Where the file's schema stands, without changing it; throws SchemaTooNewError for a newer release's file. */
export function sqliteSchemaStatus(db: Database.Database): SchemaStatus {
  const found = inspect(db);
  return planSchema(appliedIn(db, found), found, 'sqlite');
}

/**
 * Brings the file to the latest version and returns the migrations applied: in one write transaction, so processes
 * opening it at once take turns, taken only when there is something to do. A newer release's file throws
 * SchemaTooNewError and is left as it was.
 */
export function migrateSqlite(db: Database.Database, now = Date.now()): Migration[] {
  const planned = () => {
    const found = inspect(db);
    const status = planSchema(appliedIn(db, found), found, 'sqlite');
    return { found, status, plan: upgradePlan(status, found, 'sqlite') };
  };
  // Read first: a file already up to date is not locked for writing (another process may hold the write lock).
  const first = planned();
  if (first.found.tables.has(VERSION_TABLE.name) && !first.plan.sql.length && !first.plan.record.length)
    return [];
  const upgrade = db.transaction(() => {
    const { status, plan } = planned();
    db.exec(createTableSql(VERSION_TABLE, 'sqlite'));
    for (const sql of plan.sql) db.exec(sql);
    const record = db.prepare(
      'INSERT OR IGNORE INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    );
    for (const m of plan.record) record.run(m.version, m.name, now);
    return status.pending;
  });
  return upgrade.immediate();
}
