// The daily insight counters in PostgreSQL: one upsert per call, so instances adding at once never lose a count.
import type { StatsStore } from './handoff-store.ts';
import type { PgDb } from './pg-db.ts';

/** The stats store over `db`; counts for the same metric and key within one call are summed first. */
export function createPgStatsStore(db: PgDb): StatsStore {
  return {
    add: async (day, counts) => {
      const sums = new Map<string, { metric: string; key: string; n: number }>();
      for (const c of counts) {
        const key = c.key.slice(0, 100);
        const id = JSON.stringify([c.metric, key]);
        const prev = sums.get(id);
        sums.set(id, { metric: c.metric, key, n: (prev?.n ?? 0) + c.n });
      }
      if (!sums.size) return;
      // Rows in one fixed order, so two instances upserting the same counters cannot deadlock.
      const rows = [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
      await db.query(
        `INSERT INTO daily_stats (day, metric, key, count)
         SELECT $1, t.metric, t.key, t.n FROM unnest($2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY
           AS t(metric, key, n, i) ORDER BY t.i
         ON CONFLICT (day, metric, key) DO UPDATE SET count = daily_stats.count + excluded.count`,
        [day, rows.map((r) => r.metric), rows.map((r) => r.key), rows.map((r) => r.n)],
      );
    },
    since: async (day) =>
      (
        await db.query<{ day: string; metric: string; key: string; count: number }>(
          'SELECT day, metric, key, count FROM daily_stats WHERE day >= $1 ORDER BY day, metric, key',
          [day],
        )
      ).rows,
  };
}
