// An outbox row given up on, as both stores keep it, and how it reads as a DeadLetter.
import type { DeadLetter } from './handoff-store.ts';

/** The columns of a dead-lettered outbox row (SQLite and PostgreSQL alike). */
export interface DeadRow {
  id: number;
  kind: string;
  payload: string;
  attempts: number;
  last_error: string | null;
  dead_at: number;
  created_at: number | null;
}

/** The row as the console and insights read it (`createdAt` absent for rows queued before it was recorded). */
export const deadLetterOf = (r: DeadRow): DeadLetter => ({
  id: r.id,
  kind: r.kind,
  payload: JSON.parse(r.payload) as unknown,
  attempts: r.attempts,
  lastError: r.last_error ?? '',
  deadAt: r.dead_at,
  ...(r.created_at === null ? {} : { createdAt: r.created_at }),
});
