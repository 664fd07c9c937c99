// The store the settings name (PostgreSQL with DATABASE_URL, else the SQLite file under DATA_DIR), table by table.
import { join } from 'node:path';
import type { Config } from '../config-types.ts';
import { openPgTableDb } from '../store/transfer/pg-table-db.ts';
import { openSqliteTableDb } from '../store/transfer/sqlite-table-db.ts';
import type { TableDb } from '../store/transfer/table-db.ts';
import { maskUrl } from './config-command.ts';

/** The configured store and how to name it to the operator (a database password never shown). */
export function configuredDb(config: Config): { db: TableDb; where: string } {
  if (config.databaseUrl)
    return { db: openPgTableDb(config.databaseUrl), where: `PostgreSQL ${maskUrl(config.databaseUrl)}` };
  const file = join(config.dataDir, 'vpnbot.sqlite');
  return { db: openSqliteTableDb(file), where: `SQLite file ${file}` };
}
