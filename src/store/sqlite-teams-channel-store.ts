// Learned Teams channel locations in the embedded SQLite file, opened only for the rare read or write.
import type Database from 'better-sqlite3';
import { StoreUnavailableError } from './conversation-store.ts';
import { openSqlite } from './sqlite-db.ts';
import { migrateSqlite } from './sqlite-schema.ts';
import {
  createMemoryTeamsChannelStore,
  readLocation,
  type TeamsChannelStore,
} from './teams-channel-store.ts';

/**
 * The `teams_channels` table in the SQLite file `file` (':memory:' gives an in-memory store). A location is
 * read once per process start and written when it changes, so the file is opened for each call and closed
 * again: nothing stays open for the server to close. Failures reject with StoreUnavailableError.
 */
export function createSqliteTeamsChannelStore(file: string): TeamsChannelStore {
  if (file === ':memory:') return createMemoryTeamsChannelStore();
  let ready = false;
  const withDb = <T>(fn: (db: Database.Database) => T): Promise<T> => {
    let db: Database.Database | undefined;
    try {
      db = openSqlite(file);
      if (!ready) {
        migrateSqlite(db);
        ready = true;
      }
      return Promise.resolve(fn(db));
    } catch (err) {
      return Promise.reject(
        new StoreUnavailableError(`SQLite Teams channel store failed: ${(err as Error).message}`),
      );
    } finally {
      db?.close();
    }
  };

  return {
    get: (channelId) =>
      withDb((db) => {
        const row = db
          .prepare<[string], { data: string }>('SELECT data FROM teams_channels WHERE channel_id = ?')
          .get(channelId);
        return row ? readLocation(row.data) : undefined;
      }),
    put: (location) =>
      withDb((db) => {
        db.prepare(
          `INSERT INTO teams_channels (channel_id, data, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (channel_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
        ).run(location.channelId, JSON.stringify(location), location.learnedAt);
      }),
  };
}
