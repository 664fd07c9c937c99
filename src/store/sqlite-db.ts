// Opening the embedded SQLite file the way every store here wants it, and turning its failures into StoreUnavailableError.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from './conversation-store.ts';

/** The companions SQLite keeps next to a database file (WAL mode's log and shared memory, rollback journal). */
const COMPANIONS = ['', '-wal', '-shm', '-journal'];

/**
 * Makes `file` private to this user before SQLite opens it: a folder it creates is 0700, the database file is
 * created 0600 (SQLite gives its -wal and -shm files the database file's mode), and the files of an older install
 * are set to 0600. An existing folder keeps its mode (DATA_DIR may be shared); a file this user may not chmod is
 * left as it is.
 */
export function makePrivate(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const suffix of COMPANIONS) {
    try {
      chmodSync(`${file}${suffix}`, 0o600);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw err;
    }
  }
}

/**
 * Opens (creating the folder and file if needed, readable by this user only) `file` in WAL mode with a 5 s busy
 * timeout and secure_delete on, so deleted transcripts are overwritten rather than left in free pages;
 * ':memory:' is private.
 */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') makePrivate(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON');
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
