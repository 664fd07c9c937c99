// Where a database stands against the migration list, and the statements that bring it up to date.
import {
  type Dialect,
  inDialect,
  indexesAt,
  LATEST_VERSION,
  MIGRATIONS,
  type Migration,
  tablesAt,
} from './migrations.ts';
import { addColumnSql, createIndexSql, createTableSql } from './render-sql.ts';

/** What a database holds: each table's columns, and the index names. */
export interface SchemaFound {
  tables: Map<string, Set<string>>;
  indexes: Set<string>;
}

/** A row of the version table. */
export interface AppliedMigration {
  version: number;
  name: string;
  appliedAt: number;
}

/**
 * Where a database stands: `empty` (no tables yet), `unversioned` (tables made before versions: `current` is what
 * their columns and indexes show), or `versioned` (`current` is the newest row of the version table).
 */
export interface SchemaStatus {
  state: 'empty' | 'unversioned' | 'versioned';
  current: number;
  target: number;
  pending: Migration[];
  applied: AppliedMigration[];
}

/** The database was changed by a newer release: this one must not touch it. */
export class SchemaTooNewError extends Error {
  constructor(version: number, name: string | undefined) {
    super(
      `the database is at schema version ${version}${name ? ` ("${name}")` : ''}, newer than this release of ` +
        `vpnbot knows (up to ${LATEST_VERSION}): run the release that upgraded it, or restore a backup taken before`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/** Whether everything migration `m` makes in `dialect` is in `found`. */
const hasAll = (m: Migration, dialect: Dialect, found: SchemaFound) =>
  (m.tables ?? []).filter((t) => inDialect(t, dialect)).every((t) => found.tables.has(t.name)) &&
  (m.columns ?? []).every((c) => found.tables.get(c.table)?.has(c.column.name)) &&
  (m.indexes ?? []).filter((i) => inDialect(i, dialect)).every((i) => found.indexes.has(i.name));

/** The newest version whose changes, and all before it, a database made without a version table already has. */
export function detectVersion(found: SchemaFound, dialect: Dialect): number {
  let version = 0;
  for (const m of MIGRATIONS) {
    if (!hasAll(m, dialect, found)) break;
    version = m.version;
  }
  return version;
}

/**
 * Compares the version table's rows (none for a database from before versions) and what the database holds with
 * the migration list; throws SchemaTooNewError when a newer release has been at it.
 */
export function planSchema(applied: AppliedMigration[], found: SchemaFound, dialect: Dialect): SchemaStatus {
  const newest = applied.reduce<AppliedMigration | undefined>(
    (a, b) => (a && a.version >= b.version ? a : b),
    undefined,
  );
  if (newest && newest.version > LATEST_VERSION) throw new SchemaTooNewError(newest.version, newest.name);
  const tables = [...found.tables.keys()].filter((t) => t !== 'schema_migrations');
  const state = newest ? 'versioned' : tables.length ? 'unversioned' : 'empty';
  const current = newest ? newest.version : detectVersion(found, dialect);
  return {
    state,
    current,
    target: LATEST_VERSION,
    pending: MIGRATIONS.filter((m) => m.version > current),
    applied,
  };
}

/**
 * The statements of `m` in `dialect`. With `found` (updated as if they had run) a column already there is not
 * added again; without it (PostgreSQL) ADD COLUMN IF NOT EXISTS does the checking.
 */
export function migrationSql(m: Migration, dialect: Dialect, found?: SchemaFound): string[] {
  const sql: string[] = [];
  for (const t of m.tables ?? []) {
    if (!inDialect(t, dialect)) continue;
    sql.push(createTableSql(t, dialect));
    if (found && !found.tables.has(t.name)) found.tables.set(t.name, new Set(t.columns.map((c) => c.name)));
  }
  for (const { table, column } of m.columns ?? []) {
    const columns = found?.tables.get(table);
    if (columns?.has(column.name)) continue;
    sql.push(addColumnSql(table, column, dialect));
    columns?.add(column.name);
  }
  for (const i of m.indexes ?? []) if (inDialect(i, dialect)) sql.push(createIndexSql(i));
  return sql;
}

/** What bringing a database up to date takes: the statements, then the version-table rows to write. */
export interface UpgradePlan {
  sql: string[];
  record: Migration[];
}

/**
 * The statements that take a database from `status` (planned on `found`) to the latest version: the pending
 * changes, and any table missing although its version says it is there (dropped under a running install), made
 * again in its latest shape. A database from before versions gets rows for the versions it was found at.
 */
export function upgradePlan(status: SchemaStatus, found: SchemaFound, dialect: Dialect): UpgradePlan {
  const sql = status.pending.flatMap((m) => migrationSql(m, dialect, found));
  for (const t of tablesAt(dialect)) {
    if (found.tables.has(t.name)) continue;
    sql.push(createTableSql(t, dialect));
    for (const i of indexesAt(dialect)) if (i.table === t.name) sql.push(createIndexSql(i));
  }
  const baseline =
    status.state === 'unversioned' ? MIGRATIONS.filter((m) => m.version <= status.current) : [];
  return { sql, record: [...baseline, ...status.pending] };
}
