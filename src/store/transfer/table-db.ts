// A store seen table by table, as `vpnbot migrate`, `export` and `import` use it (SQLite file or PostgreSQL).
import type { Dialect, Migration, Table } from '../schema/migrations.ts';
import type { SchemaStatus } from '../schema/schema-plan.ts';
import type { Row, TableRow } from './export-format.ts';

/** How many rows of one table an import added, and how many were there already (those are kept as they are). */
export interface ImportCount {
  added: number;
  present: number;
}

/** The configured database, table by table; every method may reject (unreachable, a newer release's schema). */
export interface TableDb {
  dialect: Dialect;
  /** Where the schema stands; changes nothing (a SQLite file that is not there yet is not made). */
  status(): Promise<SchemaStatus>;
  /** Brings the schema to the latest version; resolves with the migrations applied. */
  migrate(): Promise<Migration[]>;
  /** Every row of `tables` as the export file writes it, read in one snapshot after migrating. */
  readAll(tables: readonly Table[]): Promise<Map<string, Row[]>>;
  /** Adds, in one transaction after migrating, each row whose key is not taken yet; counts per table. */
  insert(rows: readonly TableRow[]): Promise<Map<string, ImportCount>>;
  close(): Promise<void>;
}

/** Adds one row's outcome to `counts`. */
export function count(counts: Map<string, ImportCount>, table: string, added: boolean): void {
  const c = counts.get(table) ?? { added: 0, present: 0 };
  if (added) c.added++;
  else c.present++;
  counts.set(table, c);
}
