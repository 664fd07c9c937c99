// The schema's tables, columns and indexes as SQLite or PostgreSQL statements.
import type { Column, Dialect, Index, Table } from './migrations.ts';

const TYPES: Record<Dialect, Record<Column['type'], string>> = {
  sqlite: {
    text: 'TEXT',
    json: 'TEXT',
    int: 'INTEGER',
    bigint: 'INTEGER',
    bool: 'INTEGER',
    serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  },
  pg: {
    text: 'TEXT',
    json: 'TEXT',
    int: 'INTEGER',
    bigint: 'BIGINT',
    bool: 'BOOLEAN',
    serial: 'BIGSERIAL PRIMARY KEY',
  },
};

const literal = (value: string | number | boolean, dialect: Dialect) => {
  if (typeof value === 'boolean') return dialect === 'pg' ? String(value).toUpperCase() : value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  return `'${value.replaceAll("'", "''")}'`;
};

/** The column's definition as it follows its name in CREATE TABLE or ADD COLUMN. */
export function columnSql(c: Column, dialect: Dialect): string {
  if (c.type === 'serial') return `${c.name} ${TYPES[dialect].serial}`;
  return [
    c.name,
    TYPES[dialect][c.type],
    c.primaryKey ? 'PRIMARY KEY' : c.nullable ? '' : 'NOT NULL',
    c.default === undefined ? '' : `DEFAULT ${literal(c.default, dialect)}`,
  ]
    .filter(Boolean)
    .join(' ');
}

/** CREATE TABLE IF NOT EXISTS for `t`. */
export function createTableSql(t: Table, dialect: Dialect): string {
  const parts = t.columns.map((c) => columnSql(c, dialect));
  if (t.primaryKey) parts.push(`PRIMARY KEY (${t.primaryKey.join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${t.name} (\n  ${parts.join(',\n  ')}\n)`;
}

/** ALTER TABLE … ADD COLUMN (PostgreSQL's with IF NOT EXISTS; SQLite has none, so its caller checks first). */
export function addColumnSql(table: string, c: Column, dialect: Dialect): string {
  return `ALTER TABLE ${table} ADD COLUMN ${dialect === 'pg' ? 'IF NOT EXISTS ' : ''}${columnSql(c, dialect)}`;
}

/** CREATE [UNIQUE] INDEX IF NOT EXISTS for `i`. */
export function createIndexSql(i: Index): string {
  const where = i.where ? ` WHERE ${i.where}` : '';
  return `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${i.name} ON ${i.table} (${i.columns.join(', ')})${where}`;
}

/** The version table, the same in both stores: which change was applied, and when (epoch milliseconds). */
export const VERSION_TABLE: Table = {
  name: 'schema_migrations',
  columns: [
    { name: 'version', type: 'int', primaryKey: true },
    { name: 'name', type: 'text' },
    { name: 'applied_at', type: 'bigint' },
  ],
};
