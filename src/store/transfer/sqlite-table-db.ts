// The SQLite file table by table: read in one snapshot, written in one transaction, its schema migrated first.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Table } from '../schema/migrations.ts';
import { planSchema } from '../schema/schema-plan.ts';
import { openSqlite } from '../sqlite-db.ts';
import { migrateSqlite, sqliteSchemaStatus } from '../sqlite-schema.ts';
import { fileValue, orderOf, type Row } from './export-format.ts';
import { count, type ImportCount, type TableDb } from './table-db.ts';

const sqliteValue = (value: unknown) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

/** The SQLite file at `file`, opened (and made, with its folder) only when something is read or written. */
export function openSqliteTableDb(file: string): TableDb {
  let handle: Database.Database | undefined;
  const open = () => {
    handle ??= openSqlite(file);
    migrateSqlite(handle);
    return handle;
  };
  return {
    dialect: 'sqlite',
    status: async () => {
      if (handle) return sqliteSchemaStatus(handle);
      if (!existsSync(file)) return planSchema([], { tables: new Map(), indexes: new Set() }, 'sqlite');
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        return sqliteSchemaStatus(db);
      } finally {
        db.close();
      }
    },
    migrate: async () => {
      handle ??= openSqlite(file);
      return migrateSqlite(handle);
    },
    readAll: async (tables: readonly Table[]) => {
      const db = open();
      const read = db.transaction(() => {
        const all = new Map<string, Row[]>();
        for (const t of tables) {
          const names = t.columns.map((c) => c.name);
          const rows = db
            .prepare<[], Row>(`SELECT ${names.join(', ')} FROM ${t.name} ORDER BY ${orderOf(t).join(', ')}`)
            .all();
          all.set(
            t.name,
            rows.map((r) => Object.fromEntries(t.columns.map((c) => [c.name, fileValue(r[c.name], c)]))),
          );
        }
        return all;
      });
      return read();
    },
    insert: async (rows) => {
      const db = open();
      const write = db.transaction(() => {
        const counts = new Map<string, ImportCount>();
        for (const { table, row } of rows) {
          const names = Object.keys(row);
          const sql = `INSERT INTO ${table.name} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`;
          const added = db.prepare(sql).run(...names.map((n) => sqliteValue(row[n]))).changes === 1;
          count(counts, table.name, added);
        }
        return counts;
      });
      return write.immediate();
    },
    close: async () => {
      handle?.close();
      handle = undefined;
    },
  };
}
