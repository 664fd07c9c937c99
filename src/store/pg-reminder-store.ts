// Monthly reminder subscriptions in PostgreSQL: due ones are claimed with a lease, so one instance sends each.
import type { ReminderStore } from './handoff-store.ts';
import type { PgDb } from './pg-db.ts';

/** How long a claimed reminder stays with its instance before another may send it (the first one died). */
export const REMINDER_LEASE_MS = 600_000;

/**
 * The reminder store over `db`. `due(now, limit)` claims rows atomically (FOR UPDATE SKIP LOCKED) by pushing
 * `next_at` one lease ahead and returns them with the time they were due; `reschedule` then sets the real next one.
 */
export function createPgReminderStore(db: PgDb, leaseMs = REMINDER_LEASE_MS): ReminderStore {
  return {
    subscribe: async (key, sub) =>
      void (await db.query(
        `INSERT INTO reminders (key, channel, address, next_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET channel = excluded.channel, address = excluded.address,
           next_at = excluded.next_at`,
        [key, sub.channel, JSON.stringify(sub.address ?? null), sub.nextAt],
      )),
    unsubscribe: async (key) => (await db.query('DELETE FROM reminders WHERE key = $1', [key])).rowCount > 0,
    due: async (now, limit) => {
      const { rows } = await db.query<{ key: string; channel: string; address: string; was: number }>(
        `UPDATE reminders r SET next_at = $3
         FROM (SELECT key, next_at AS was FROM reminders WHERE next_at <= $1 ORDER BY next_at, key LIMIT $2
               FOR UPDATE SKIP LOCKED) d
         WHERE r.key = d.key
         RETURNING r.key, r.channel, r.address, d.was`,
        [now, Math.max(0, limit), now + leaseMs],
      );
      return rows
        .map((r) => ({
          key: r.key,
          channel: r.channel,
          address: JSON.parse(r.address) as unknown,
          nextAt: r.was,
        }))
        .sort((a, b) => a.nextAt - b.nextAt || (a.key < b.key ? -1 : 1));
    },
    reschedule: async (key, nextAt) =>
      void (await db.query('UPDATE reminders SET next_at = $2 WHERE key = $1', [key, nextAt])),
  };
}
