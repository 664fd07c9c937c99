// The SMS opt-out list in the embedded SQLite file; numbers are kept only as SHA-256 hashes.
import { createHash } from 'node:crypto';
import type { OptOutStore } from './opt-out-store.ts';
import { guardDb, openSqlite } from './sqlite-db.ts';

const hashOf = (number: string) => createHash('sha256').update(`sms-opt-out:${number}`).digest('hex');

/** Opens (creating if needed) the opt-out table in the SQLite file `file`; ':memory:' gives a private one. */
export function createSqliteOptOutStore(file: string): OptOutStore {
  const { db, run: guard, close } = guardDb(openSqlite(file), 'SQLite opt-out store');
  db.exec('CREATE TABLE IF NOT EXISTS sms_opt_outs (number_hash TEXT PRIMARY KEY, at INTEGER NOT NULL)');
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
