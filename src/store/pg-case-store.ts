// Handoff cases in PostgreSQL: compare-and-set on rev, plus a dispatch lease so only one instance posts a case at a time.
import type { HandoffCase } from '../core/handoff-case.ts';
import type { CaseStore, StoredCase } from './handoff-store.ts';
import type { PgDb } from './pg-db.ts';

type Row = { data: string; rev: number };
const stored = (r: Row): StoredCase => ({ case: JSON.parse(r.data) as HandoffCase, rev: r.rev });

/**
 * The case store over `db`: `create` is refused for a taken id or a conversation that already has an open case
 * (a partial unique index, so two instances opening at once make one case); `lease` is backed by the
 * handoff_case_leases table, shared by every instance.
 */
export function createPgCaseStore(db: PgDb): Required<CaseStore> {
  const one = async (sql: string, params: unknown[]) => {
    const row = (await db.query<Row>(sql, params)).rows[0];
    return row ? stored(row) : undefined;
  };
  return {
    create: async (c) =>
      (
        await db.query(
          `INSERT INTO handoff_cases (id, conversation_key, status, data, rev, created_at, closed_at)
           VALUES ($1, $2, $3, $4, 1, $5, $6) ON CONFLICT DO NOTHING`,
          [c.id, c.conversationKey, c.status, JSON.stringify(c), c.createdAt, c.closedAt ?? null],
        )
      ).rowCount === 1,
    get: (id) => one('SELECT data, rev FROM handoff_cases WHERE id = $1', [id]),
    put: async (c, rev) =>
      (
        await db.query(
          'UPDATE handoff_cases SET status = $1, data = $2, rev = rev + 1, closed_at = $3 WHERE id = $4 AND rev = $5',
          [c.status, JSON.stringify(c), c.closedAt ?? null, c.id, rev],
        )
      ).rowCount === 1,
    openFor: (key) =>
      one(
        `SELECT data, rev FROM handoff_cases WHERE conversation_key = $1 AND status IN ('queued', 'claimed')
         ORDER BY created_at DESC LIMIT 1`,
        [key],
      ),
    list: async (since) =>
      (
        await db.query<Row>(
          `SELECT data, rev FROM handoff_cases WHERE status IN ('queued', 'claimed') OR closed_at >= $1
           ORDER BY created_at, id`,
          [since],
        )
      ).rows.map(stored),
    lease: async (caseId, holder, now, until) => {
      if (until <= now) {
        await db.query('DELETE FROM handoff_case_leases WHERE case_id = $1 AND holder = $2', [
          caseId,
          holder,
        ]);
        return true;
      }
      const { rowCount } = await db.query(
        `INSERT INTO handoff_case_leases (case_id, holder, until) VALUES ($1, $2, $4)
         ON CONFLICT (case_id) DO UPDATE SET holder = excluded.holder, until = excluded.until
         WHERE handoff_case_leases.holder = excluded.holder OR handoff_case_leases.until <= $3`,
        [caseId, holder, now, until],
      );
      return rowCount === 1;
    },
  };
}
