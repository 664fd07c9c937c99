// Conversations and seen platform message ids in PostgreSQL, with the SQLite store's compare-and-set semantics.
import type { ConversationState } from '../core/conversation-state.ts';
import type { ConversationStore } from './conversation-store.ts';
import type { PgDb } from './pg-db.ts';
import { PG_TABLES } from './pg-schema.ts';

/** Thrown inside the put transaction to roll it back when the message was answered meanwhile. */
const ALREADY_SEEN = new Error('message already answered');

/**
 * The conversation store over `db`; `put` is an UPDATE … WHERE version = expected, so a stale write loses, and
 * `purge` never deletes a conversation handed to a person.
 */
export function createPgConversationStore(db: PgDb): ConversationStore {
  return {
    get: async (key) => {
      const { rows } = await db.query<{ state: string; version: number }>(
        'SELECT state, version FROM conversations WHERE key = $1',
        [key],
      );
      const row = rows[0];
      return row ? { state: JSON.parse(row.state) as ConversationState, version: row.version } : undefined;
    },
    put: (key, state, expected, seen) =>
      db
        .tx(async (query) => {
          const json = JSON.stringify(state);
          const { rowCount } =
            expected === undefined
              ? await query(
                  'INSERT INTO conversations (key, state, version, updated_at) VALUES ($1, $2, 1, $3) ON CONFLICT (key) DO NOTHING',
                  [key, json, state.updatedAt],
                )
              : await query(
                  'UPDATE conversations SET state = $1, version = version + 1, updated_at = $2 WHERE key = $3 AND version = $4',
                  [json, state.updatedAt, key, expected],
                );
          if (rowCount !== 1) return false;
          if (!seen) return true;
          const marked = await query(
            'INSERT INTO seen_messages (id, at, replies, delivered) VALUES ($1, $2, $3, FALSE) ON CONFLICT (id) DO NOTHING',
            [seen.id, seen.at, JSON.stringify(seen.replies)],
          );
          if (marked.rowCount !== 1) throw ALREADY_SEEN;
          return true;
        })
        .catch((err) => {
          if ((err as Error).cause === ALREADY_SEEN) return false;
          throw err;
        }),
    delete: async (key) => void (await db.query('DELETE FROM conversations WHERE key = $1', [key])),
    firstSeen: async (id, now) =>
      (
        await db.query('INSERT INTO seen_messages (id, at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [
          id,
          now,
        ])
      ).rowCount === 1,
    forgetSeen: async (id) => void (await db.query('DELETE FROM seen_messages WHERE id = $1', [id])),
    seenTurn: async (id) => {
      const { rows } = await db.query<{ replies: string | null; delivered: boolean }>(
        'SELECT replies, delivered FROM seen_messages WHERE id = $1',
        [id],
      );
      const row = rows[0];
      if (!row) return undefined;
      return { replies: row.replies ? JSON.parse(row.replies) : [], delivered: row.delivered };
    },
    markDelivered: async (id) =>
      void (await db.query('UPDATE seen_messages SET delivered = TRUE WHERE id = $1', [id])),
    purge: async (cutoff) =>
      (
        await db.query(
          `WITH seen AS (DELETE FROM seen_messages WHERE at < $1)
           DELETE FROM conversations WHERE updated_at < $1 AND (state::jsonb ->> 'phase') IS DISTINCT FROM 'handoff'`,
          [cutoff],
        )
      ).rowCount,
    ping: () => db.ping(),
    ready: () =>
      db.tx(async (query) => {
        await query(
          "INSERT INTO conversations (key, state, version, updated_at) VALUES ('~ready', '{}', 0, 0) ON CONFLICT (key) DO UPDATE SET version = 0",
        );
        await query(
          "INSERT INTO seen_messages (id, at) VALUES ('~ready', 0) ON CONFLICT (id) DO UPDATE SET at = 0",
        );
        await query("DELETE FROM conversations WHERE key = '~ready'");
        await query("DELETE FROM seen_messages WHERE id = '~ready'");
        const { rows } = await query<{ missing: string[] }>(
          `SELECT array(SELECT t FROM unnest($1::text[]) t WHERE to_regclass(t) IS NULL) AS missing`,
          [PG_TABLES],
        );
        const missing = rows[0]?.missing ?? [];
        if (missing.length) throw new Error(`tables missing: ${missing.join(', ')}`);
      }),
    close: () => db.close(),
  };
}
