// The delivery outbox in PostgreSQL: due rows are claimed with a lease, so each goes to one instance at a time;
// rows that cannot be delivered are kept as dead letters.
import { type DeadRow, deadLetterOf } from './dead-letter-row.ts';
import type { Outbox, OutboxItem } from './handoff-store.ts';
import type { PgDb } from './pg-db.ts';

/** How long a claimed row stays with the instance that claimed it before another may take it (a crash, a hang). */
export const OUTBOX_LEASE_MS = 300_000;
/** At most this many rows per claim, so a batch is delivered well within its lease. */
const MAX_CLAIM = 20;

/**
 * The outbox over `db`. `due(now, limit)` claims pending rows atomically (FOR UPDATE SKIP LOCKED) by pushing their
 * `next_at` one lease ahead: concurrent instances get disjoint rows, and rows of an instance that died come back.
 */
export function createPgOutbox(db: PgDb, leaseMs = OUTBOX_LEASE_MS): Outbox {
  return {
    add: async (kind, payload, now) => {
      const { rows } = await db.query<{ id: number }>(
        'INSERT INTO outbox (kind, payload, next_at, created_at) VALUES ($1, $2, $3, $3) RETURNING id',
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
         FROM (SELECT id, next_at AS was FROM outbox WHERE state = 'pending' AND next_at <= $1
               ORDER BY next_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) d
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
        "UPDATE outbox SET attempts = attempts + 1, next_at = $2, last_error = $3 WHERE id = $1 AND state = 'pending'",
        [id, nextAt, error.slice(0, 500)],
      )),
    deadLetter: async (id, now, error) =>
      void (await db.query(
        `UPDATE outbox SET attempts = attempts + 1, state = 'dead', dead_at = $2, last_error = $3
         WHERE id = $1 AND state = 'pending'`,
        [id, now, error.slice(0, 500)],
      )),
    deadLetters: async (limit) => {
      const { rows } = await db.query<DeadRow>(
        `SELECT id, kind, payload, attempts, last_error, dead_at, created_at FROM outbox
         WHERE state = 'dead' ORDER BY dead_at DESC, id DESC LIMIT $1`,
        [Math.max(0, limit)],
      );
      return rows.map(deadLetterOf);
    },
    revive: async (id) =>
      (
        await db.query(
          `UPDATE outbox SET state = 'pending', attempts = 0, next_at = 0, dead_at = NULL
           WHERE id = $1 AND state = 'dead'`,
          [id],
        )
      ).rowCount === 1,
    discard: async (id) =>
      (await db.query("DELETE FROM outbox WHERE id = $1 AND state = 'dead'", [id])).rowCount === 1,
    counts: async () => {
      const { rows } = await db.query<{ pending: number; dead: number }>(
        `SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending,
                count(*) FILTER (WHERE state = 'dead')::int AS dead FROM outbox`,
      );
      return { pending: rows[0]?.pending ?? 0, dead: rows[0]?.dead ?? 0 };
    },
  };
}
