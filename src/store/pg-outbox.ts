// The delivery outbox in PostgreSQL: due rows are claimed with a lease, so each goes to one instance at a time.
import type { Outbox, OutboxItem } from './handoff-store.ts';
import type { PgDb } from './pg-db.ts';

/** How long a claimed row stays with the instance that claimed it before another may take it (a crash, a hang). */
export const OUTBOX_LEASE_MS = 300_000;
/** At most this many rows per claim, so a batch is delivered well within its lease. */
const MAX_CLAIM = 20;

/**
 * The outbox over `db`. `due(now, limit)` claims rows atomically (FOR UPDATE SKIP LOCKED) by pushing their
 * `next_at` one lease ahead: concurrent instances get disjoint rows, and rows of an instance that died come back.
 */
export function createPgOutbox(db: PgDb, leaseMs = OUTBOX_LEASE_MS): Outbox {
  return {
    add: async (kind, payload, now) => {
      const { rows } = await db.query<{ id: number }>(
        'INSERT INTO outbox (kind, payload, next_at) VALUES ($1, $2, $3) RETURNING id',
        [kind, JSON.stringify(payload), now],
      );
      return rows[0]?.id ?? 0;
    },
    due: async (now, limit) => {
      const { rows } = await db.query<{
        id: number;
        kind: string;
        payload: string;
        attempts: number;
        was: number;
      }>(
        `UPDATE outbox o SET next_at = $3
         FROM (SELECT id, next_at AS was FROM outbox WHERE next_at <= $1 ORDER BY next_at, id LIMIT $2
               FOR UPDATE SKIP LOCKED) d
         WHERE o.id = d.id
         RETURNING o.id, o.kind, o.payload, o.attempts, d.was`,
        [now, Math.max(0, Math.min(limit, MAX_CLAIM)), now + leaseMs],
      );
      return rows
        .map(
          (r): OutboxItem => ({
            id: r.id,
            kind: r.kind,
            payload: JSON.parse(r.payload) as unknown,
            attempts: r.attempts,
            nextAt: r.was,
          }),
        )
        .sort((a, b) => a.nextAt - b.nextAt || a.id - b.id);
    },
    done: async (id) => void (await db.query('DELETE FROM outbox WHERE id = $1', [id])),
    retryLater: async (id, nextAt, error) =>
      void (await db.query(
        'UPDATE outbox SET attempts = attempts + 1, next_at = $2, last_error = $3 WHERE id = $1',
        [id, nextAt, error.slice(0, 500)],
      )),
  };
}
