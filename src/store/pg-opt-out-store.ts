// The SMS opt-out list in PostgreSQL; numbers are kept only as SHA-256 hashes, exactly as in the SQLite file.
import { createHash } from 'node:crypto';
import type { OptOutStore } from './opt-out-store.ts';
import { type PgDb, sharedPgDb } from './pg-db.ts';

const hashOf = (number: string) => createHash('sha256').update(`sms-opt-out:${number}`).digest('hex');

/** The opt-out store over `db`; its close() lets go of `db`. */
export function createPgOptOutStore(db: PgDb): OptOutStore {
  return {
    isOptedOut: async (number) =>
      (await db.query('SELECT 1 FROM sms_opt_outs WHERE number_hash = $1', [hashOf(number)])).rowCount > 0,
    optOut: async (number, at) =>
      void (await db.query(
        'INSERT INTO sms_opt_outs (number_hash, at) VALUES ($1, $2) ON CONFLICT (number_hash) DO NOTHING',
        [hashOf(number), at],
      )),
    optIn: async (number) =>
      (await db.query('DELETE FROM sms_opt_outs WHERE number_hash = $1', [hashOf(number)])).rowCount > 0,
    close: () => db.close(),
  };
}

/** The opt-out store on this process's shared pool for `url`; its close() lets go of that pool once. */
export function createPgOptOutStoreAt(url: string): OptOutStore {
  return createPgOptOutStore(sharedPgDb(url));
}
