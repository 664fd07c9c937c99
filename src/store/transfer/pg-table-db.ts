// PostgreSQL table by table: read in one snapshot, written in one transaction, its schema migrated first.
import { createRequire } from 'node:module';
import type pg from 'pg';
import { ensurePgSchema, pgSchemaStatus } from '../pg-schema.ts';
import type { Table } from '../schema/migrations.ts';
import { fileValue, orderOf, type Row } from './export-format.ts';
import { count, type ImportCount, type TableDb } from './table-db.ts';

/** The PostgreSQL driver, loaded when a client is first made: `serve` on SQLite checks its schema without it. */
const loadPg = () => createRequire(import.meta.url)('pg') as typeof pg;

/** The database at `url` (postgres://…); it connects on first use, within 5 s. */
export function openPgTableDb(url: string): TableDb {
  let connected: Promise<pg.Client> | undefined;
  const client = () => {
    connected ??= (async () => {
      const c = new (loadPg().Client)({ connectionString: url, connectionTimeoutMillis: 5000 });
      c.on('error', () => {});
      await c.connect();
      return c;
    })();
    return connected;
  };
  const inTx = async <T>(c: pg.Client, begin: string, fn: () => Promise<T>): Promise<T> => {
    await c.query(begin);
    try {
      const result = await fn();
      await c.query('COMMIT');
      return result;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    }
  };
  return {
    dialect: 'pg',
    status: async () => pgSchemaStatus(await client()),
    migrate: async () => ensurePgSchema(await client()),
    readAll: async (tables: readonly Table[]) => {
      const c = await client();
      await ensurePgSchema(c);
      return inTx(c, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async () => {
        const all = new Map<string, Row[]>();
        for (const t of tables) {
          const names = t.columns.map((col) => col.name);
          const { rows } = await c.query<Row>(
            `SELECT ${names.join(', ')} FROM ${t.name} ORDER BY ${orderOf(t).join(', ')}`,
          );
          all.set(
            t.name,
            rows.map((r) =>
              Object.fromEntries(t.columns.map((col) => [col.name, fileValue(r[col.name], col)])),
            ),
          );
        }
        return all;
      });
    },
    insert: async (rows) => {
      const c = await client();
      await ensurePgSchema(c);
      return inTx(c, 'BEGIN', async () => {
        const counts = new Map<string, ImportCount>();
        const serials = new Set<string>();
        for (const { table, row } of rows) {
          const names = Object.keys(row);
          const { rowCount } = await c.query(
            `INSERT INTO ${table.name} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
             ON CONFLICT DO NOTHING`,
            names.map((n) => row[n]),
          );
          count(counts, table.name, rowCount === 1);
          if (table.columns.some((col) => col.type === 'serial')) serials.add(table.name);
        }
        // Rows keep their ids, so each id sequence moves past the highest one now taken.
        for (const name of serials)
          await c.query(
            `SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT max(id) FROM ${name}), 0) + 1, false)`,
            [name],
          );
        return counts;
      });
    },
    close: async () => {
      const c = await connected?.catch(() => undefined);
      connected = undefined;
      await c?.end().catch(() => {});
    },
  };
}
