// Opening the embedded SQLite file the way every store here wants it, and turning its failures into StoreUnavailableError.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from './conversation-store.ts';

/** Opens (creating the folder and file if needed) `file` in WAL mode with a 5 s busy timeout; ':memory:' is private. */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** A database handle whose calls go through `run`: a failure or a closed handle rejects with StoreUnavailableError. */
export interface GuardedDb {
  db: Database.Database;
  run<T>(fn: () => T): Promise<T>;
  close(): Promise<void>;
}

/** Wraps `db` so that every call of the store named `what` fails the same, clear way. */
export function guardDb(db: Database.Database, what: string): GuardedDb {
  let closed = false;
  return {
    db,
    run: (fn) => {
      try {
        if (closed) throw new Error('store is closed');
        return Promise.resolve(fn());
      } catch (err) {
        return Promise.reject(new StoreUnavailableError(`${what} failed: ${(err as Error).message}`));
      }
    },
    close: async () => {
      if (!closed) db.close();
      closed = true;
    },
  };
}
