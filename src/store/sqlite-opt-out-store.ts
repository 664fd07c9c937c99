// The SMS opt-out list in the embedded SQLite file; numbers are kept only as SHA-256 hashes.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { OptOutStore } from './opt-out-store.ts';
import { guardDb, openSqlite } from './sqlite-db.ts';
import { followFile } from './sqlite-follow-file.ts';
import { migrateSqlite } from './sqlite-schema.ts';

const hashOf = (number: string) => createHash('sha256').update(`sms-opt-out:${number}`).digest('hex');

/** Opens (creating if needed) the opt-out table in the SQLite file `file`, following it; ':memory:' gives a private one. */
export function createSqliteOptOutStore(file: string): OptOutStore {
  if (file === ':memory:') return optOutsOn(openSqlite(file));
  return followFile(file, () => {
    const db = openSqlite(file);
    return { db, store: optOutsOn(db) };
  });
}

/** The opt-out store on one open handle. */
function optOutsOn(handle: Database.Database): OptOutStore {
  const { db, run: guard, close } = guardDb(handle, 'SQLite opt-out store');
  migrateSqlite(db);
  const getStmt = db.prepare<[string], { at: number }>('SELECT at FROM sms_opt_outs WHERE number_hash = ?');
  const addStmt = db.prepare('INSERT OR IGNORE INTO sms_opt_outs (number_hash, at) VALUES (?, ?)');
  const delStmt = db.prepare('DELETE FROM sms_opt_outs WHERE number_hash = ?');

  return {
    isOptedOut: (number) => guard(() => getStmt.get(hashOf(number)) !== undefined),
    optOut: (number, at) => guard(() => void addStmt.run(hashOf(number), at)),
    optIn: (number) => guard(() => delStmt.run(hashOf(number)).changes > 0),
    close,
  };
}
