// Per-conversation transcripts in PostgreSQL, trimmed to the last lines an agent needs, as in the SQLite file.
import type { CaseLine } from '../core/handoff-case.ts';
import type { TranscriptStore } from './handoff-store.ts';
import type { PgDb } from './pg-db.ts';

/** How many lines are kept per conversation. */
export const TRANSCRIPT_KEEP = 40;

/** The transcript store over `db`: each append and its trim happen in one transaction. */
export function createPgTranscriptStore(db: PgDb): TranscriptStore {
  return {
    append: (key, lines) =>
      db.tx(async (query) => {
        if (lines.length)
          await query(
            `INSERT INTO transcript_lines (conversation_key, at, line)
             SELECT $1, t.at, t.line FROM unnest($2::bigint[], $3::text[]) WITH ORDINALITY AS t(at, line, n)
             ORDER BY t.n`,
            [key, lines.map((l) => l.at), lines.map((l) => JSON.stringify(l))],
          );
        await query(
          `DELETE FROM transcript_lines WHERE conversation_key = $1 AND id <= (
             SELECT id FROM transcript_lines WHERE conversation_key = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)`,
          [key, TRANSCRIPT_KEEP],
        );
      }),
    recent: async (key, limit) =>
      (
        await db.query<{ line: string }>(
          `SELECT line FROM (
             SELECT id, line FROM transcript_lines WHERE conversation_key = $1 ORDER BY id DESC LIMIT $2
           ) last ORDER BY id`,
          [key, limit],
        )
      ).rows.map((r) => JSON.parse(r.line) as Omit<CaseLine, 'seq'>),
    purge: async (cutoff) => void (await db.query('DELETE FROM transcript_lines WHERE at < $1', [cutoff])),
    forget: async (key) =>
      void (await db.query('DELETE FROM transcript_lines WHERE conversation_key = $1', [key])),
  };
}
