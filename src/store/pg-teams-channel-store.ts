// Learned Teams channel locations in PostgreSQL, so every instance can post to a channel any one of them has seen.
import { type PgDb, sharedPgDb } from './pg-db.ts';
import { readLocation, type TeamsChannelStore } from './teams-channel-store.ts';

/** The `teams_channels` table over `db`; failures reject with StoreUnavailableError. */
export function createPgTeamsChannelStore(db: PgDb): TeamsChannelStore {
  return {
    get: async (channelId) => {
      const { rows } = await db.query<{ data: string }>(
        'SELECT data FROM teams_channels WHERE channel_id = $1',
        [channelId],
      );
      return rows[0] ? readLocation(rows[0].data) : undefined;
    },
    put: async (location) =>
      void (await db.query(
        `INSERT INTO teams_channels (channel_id, data, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (channel_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
        [location.channelId, JSON.stringify(location), location.learnedAt],
      )),
  };
}

/**
 * The same table through this process's shared pool for `url`, held only for each (rare) call, like the SQLite
 * store that opens its file per call: nothing stays open for the server to close.
 */
export function createPgTeamsChannelStoreAt(url: string): TeamsChannelStore {
  const withDb = async <T>(fn: (store: TeamsChannelStore) => Promise<T>): Promise<T> => {
    const db = sharedPgDb(url);
    try {
      return await fn(createPgTeamsChannelStore(db));
    } finally {
      await db.close();
    }
  };
  return {
    get: (channelId) => withDb((s) => s.get(channelId)),
    put: (location) => withDb((s) => s.put(location)),
  };
}
