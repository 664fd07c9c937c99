// Reading what each conversation holds straight from the database, after the instances are gone.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/** Saved turns per conversation key (`version` grows by one with every saved turn). */
export type Versions = Map<string, number>;

/** The saved-turn counts in the SQLite file under `dataDir`. */
export function sqliteVersions(dataDir: string): Versions {
  const db = new Database(join(dataDir, 'vpnbot.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT key, version FROM conversations').all() as {
      key: string;
      version: number;
    }[];
    return new Map(rows.map((r) => [r.key, r.version]));
  } finally {
    db.close();
  }
}

/** The saved-turn counts in the PostgreSQL database at `url`. */
export async function pgVersions(url: string): Promise<Versions> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: string; version: number }>(
      'SELECT key, version FROM conversations',
    );
    return new Map(rows.map((r) => [r.key, r.version]));
  } finally {
    await client.end();
  }
}

/** Runs `sql` on the database at `url` (to drop and recreate a schema). */
export async function pgRun(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
