// The export file: JSON Lines, a header line then one line per stored row, checked line by line when read back.
import { type Column, LATEST_VERSION, type Table, tablesAt } from '../schema/migrations.ts';

/** A row as the file holds it: JSON values (numbers, strings, booleans, null), keyed by column. */
export type Row = Record<string, unknown>;

/** The first line of every export. */
export interface ExportHeader {
  vpnbot: 'export';
  format: 1;
  schema: number;
  exportedAt: string;
  from: 'sqlite' | 'pg';
}

/** A row of one table, read from the file. */
export interface TableRow {
  table: Table;
  row: Row;
}

/** Tables left out: a case lease is held for a few minutes by a running instance and means nothing elsewhere. */
const LEFT_OUT = new Set(['handoff_case_leases']);

/** The tables an export holds, in the order it writes them. */
export const EXPORTED_TABLES: readonly Table[] = tablesAt('pg').filter((t) => !LEFT_OUT.has(t.name));

const byName = new Map(EXPORTED_TABLES.map((t) => [t.name, t]));

/** The columns a table's rows are read in order of (its key). */
export const orderOf = (t: Table) => t.primaryKey ?? t.columns.filter((c) => c.primaryKey).map((c) => c.name);

/** The header line for an export made now from `from`. */
export const headerLine = (from: ExportHeader['from'], now = new Date()): string =>
  JSON.stringify({
    vpnbot: 'export',
    format: 1,
    schema: LATEST_VERSION,
    exportedAt: now.toISOString(),
    from,
  } satisfies ExportHeader);

/** A stored value as the file writes it: integers as numbers, SQLite's 0/1 flags as booleans. */
export function fileValue(value: unknown, c: Column): unknown {
  if (value === null || value === undefined) return null;
  if (c.type === 'bool') return value === true || value === 1 || value === '1' || value === 't';
  if (c.type === 'int' || c.type === 'bigint' || c.type === 'serial') return Number(value);
  return value;
}

/** One row's line. */
export const rowLine = (t: Table, row: Row): string => JSON.stringify({ table: t.name, row });

/** The largest value of an INTEGER column in PostgreSQL. */
const INT_MAX = 2 ** 31 - 1;

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** What is wrong with `value` for column `c`, or undefined when it fits. */
function valueProblem(c: Column, value: unknown): string | undefined {
  if (value === null) return c.nullable ? undefined : `${c.name} may not be empty`;
  switch (c.type) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : `${c.name} must be true or false`;
    case 'int':
      return Number.isSafeInteger(value) && Math.abs(value as number) <= INT_MAX
        ? undefined
        : `${c.name} must be a whole number from ${-INT_MAX} to ${INT_MAX}`;
    case 'bigint':
    case 'serial':
      return Number.isSafeInteger(value) && (c.type !== 'serial' || (value as number) > 0)
        ? undefined
        : `${c.name} must be a whole number${c.type === 'serial' ? ' above 0' : ''}`;
    default:
      if (typeof value !== 'string') return `${c.name} must be text`;
      // PostgreSQL keeps no NUL character in text.
      if (value.includes('\u0000')) return `${c.name} holds a NUL character`;
      return c.type === 'json' && !isJson(value) ? `${c.name} must be text holding JSON` : undefined;
  }
}

/** Reads the header line; a string says what is wrong with it. */
export function readHeader(text: string): ExportHeader | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'the first line is not JSON: is this a file written by `vpnbot export`?';
  }
  const h = value as Partial<ExportHeader> | null;
  if (!h || typeof h !== 'object' || h.vpnbot !== 'export' || h.format !== 1)
    return 'the first line is not the header `vpnbot export` writes';
  if (!Number.isSafeInteger(h.schema) || (h.schema as number) < 1) return 'the header has no schema version';
  if ((h.schema as number) > LATEST_VERSION)
    return `the file was written at schema version ${h.schema}, newer than this release knows (${LATEST_VERSION}): import it with that release`;
  return h as ExportHeader;
}

/** Reads one row line; a string says what is wrong with it (nothing of it is kept). */
export function readRowLine(text: string): TableRow | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const line = value as { table?: unknown; row?: unknown } | null;
  if (!line || typeof line !== 'object' || Array.isArray(line)) return 'not a {"table", "row"} object';
  const table = typeof line.table === 'string' ? byName.get(line.table) : undefined;
  if (!table) return `unknown table ${JSON.stringify(line.table ?? null)}`;
  const row = line.row as Row | null;
  if (!row || typeof row !== 'object' || Array.isArray(row)) return `${table.name}: "row" must be an object`;
  const columns = new Map(table.columns.map((c) => [c.name, c]));
  const unknown = Object.keys(row).filter((name) => !columns.has(name));
  if (unknown.length) return `${table.name}: no column ${unknown.join(', ')}`;
  for (const c of table.columns) {
    if (!(c.name in row)) {
      if (c.default !== undefined || c.nullable) continue;
      return `${table.name}: ${c.name} is missing`;
    }
    const problem = valueProblem(c, row[c.name]);
    if (problem) return `${table.name}: ${problem}`;
  }
  return { table, row };
}
