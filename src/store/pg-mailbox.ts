// Web chat mailboxes in PostgreSQL: ids grow in commit order per key, so a poller reading "after id" misses nothing.
import type { Mailbox } from './handoff-store.ts';
import type { PgDb } from './pg-db.ts';
import { LOCK_NS } from './pg-schema.ts';

/**
 * The mailbox over `db`. A put takes a per-key transaction lock before it draws its id, so two instances writing
 * to one key commit in id order and a reader never sees id n+1 before n.
 */
export function createPgMailbox(db: PgDb): Mailbox {
  return {
    put: (key, payload, now) =>
      db.tx(async (query) => {
        await query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NS.mailbox, key]);
        const { rows } = await query<{ id: number }>(
          'INSERT INTO mailbox (key, payload, at) VALUES ($1, $2, $3) RETURNING id',
          [key, JSON.stringify(payload), now],
        );
        return rows[0]?.id ?? 0;
      }),
    after: async (key, afterId, limit) =>
      (
        await db.query<{ id: number; payload: string }>(
          'SELECT id, payload FROM mailbox WHERE key = $1 AND id > $2 ORDER BY id LIMIT $3',
          [key, afterId, limit],
        )
      ).rows.map((r) => ({ id: r.id, payload: JSON.parse(r.payload) as unknown })),
    purge: async (cutoff) => void (await db.query('DELETE FROM mailbox WHERE at < $1', [cutoff])),
  };
}
