// Handoff cases, transcripts and the delivery outbox in the embedded SQLite file (WAL mode, shared with conversations).

import type Database from 'better-sqlite3';
import type { CaseLine, HandoffCase } from '../core/handoff-case.ts';
import { type DeadRow, deadLetterOf } from './dead-letter-row.ts';
import type {
  CaseStore,
  Mailbox,
  Outbox,
  OutboxCounts,
  OutboxItem,
  ReminderStore,
  StatsStore,
  StoredCase,
  TranscriptStore,
} from './handoff-store.ts';
import { guardDb, openSqlite } from './sqlite-db.ts';
import { followFile } from './sqlite-follow-file.ts';
import { migrateSqlite } from './sqlite-schema.ts';

/** The handoff-side stores (cases, transcripts, outbox, mailbox, stats, reminders) over one SQLite database. */
export interface SqliteHandoffStores {
  cases: CaseStore;
  transcripts: TranscriptStore;
  outbox: Outbox;
  mailbox: Mailbox;
  stats: StatsStore;
  reminders: ReminderStore;
  close(): Promise<void>;
}

const TRANSCRIPT_KEEP = 40;

/**
 * Opens (creating if needed) the handoff tables in `file`, following the file if it is deleted or replaced while
 * open (sqlite-follow-file.ts); ':memory:' gives a private in-memory database.
 */
export function createSqliteHandoffStores(file: string): SqliteHandoffStores {
  if (file === ':memory:') return handoffStoresOn(openSqlite(file));
  return followFile(file, () => {
    const db = openSqlite(file);
    return { db, store: handoffStoresOn(db) };
  });
}

/** The handoff stores on one open handle. */
function handoffStoresOn(handle: Database.Database): SqliteHandoffStores {
  const { db, run: guard, close } = guardDb(handle, 'SQLite handoff store');
  migrateSqlite(db);
  const row = (r: { data: string; rev: number } | undefined): StoredCase | undefined =>
    r ? { case: JSON.parse(r.data) as HandoffCase, rev: r.rev } : undefined;

  const q = {
    insert: db.prepare(
      'INSERT OR IGNORE INTO handoff_cases (id, conversation_key, status, data, rev, created_at, closed_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
    ),
    get: db.prepare<[string], { data: string; rev: number }>(
      'SELECT data, rev FROM handoff_cases WHERE id = ?',
    ),
    update: db.prepare(
      'UPDATE handoff_cases SET status = ?, data = ?, rev = rev + 1, closed_at = ? WHERE id = ? AND rev = ?',
    ),
    openFor: db.prepare<[string], { data: string; rev: number }>(
      "SELECT data, rev FROM handoff_cases WHERE conversation_key = ? AND status IN ('queued', 'claimed') ORDER BY created_at DESC LIMIT 1",
    ),
    list: db.prepare<[number], { data: string; rev: number }>(
      "SELECT data, rev FROM handoff_cases WHERE status IN ('queued', 'claimed') OR closed_at >= ? ORDER BY created_at",
    ),
    append: db.prepare('INSERT INTO transcript_lines (conversation_key, at, line) VALUES (?, ?, ?)'),
    trim: db.prepare(
      'DELETE FROM transcript_lines WHERE conversation_key = ? AND id <= (SELECT id FROM transcript_lines WHERE conversation_key = ? ORDER BY id DESC LIMIT 1 OFFSET ?)',
    ),
    recent: db.prepare<[string, number], { line: string }>(
      'SELECT line FROM (SELECT id, line FROM transcript_lines WHERE conversation_key = ? ORDER BY id DESC LIMIT ?) ORDER BY id',
    ),
    purgeLines: db.prepare('DELETE FROM transcript_lines WHERE at < ?'),
    forgetLines: db.prepare('DELETE FROM transcript_lines WHERE conversation_key = ?'),
    addJob: db.prepare('INSERT INTO outbox (kind, payload, next_at, created_at) VALUES (?, ?, ?, ?)'),
    due: db.prepare<
      [number, number],
      { id: number; kind: string; payload: string; attempts: number; next_at: number }
    >(
      "SELECT id, kind, payload, attempts, next_at FROM outbox WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?",
    ),
    done: db.prepare('DELETE FROM outbox WHERE id = ?'),
    dead: db.prepare(
      "UPDATE outbox SET attempts = attempts + 1, state = 'dead', dead_at = ?, last_error = ? WHERE id = ? AND state = 'pending'",
    ),
    deadList: db.prepare<[number], DeadRow>(
      "SELECT id, kind, payload, attempts, last_error, dead_at, created_at FROM outbox WHERE state = 'dead' ORDER BY dead_at DESC, id DESC LIMIT ?",
    ),
    revive: db.prepare(
      "UPDATE outbox SET state = 'pending', attempts = 0, next_at = 0, dead_at = NULL WHERE id = ? AND state = 'dead'",
    ),
    discard: db.prepare("DELETE FROM outbox WHERE id = ? AND state = 'dead'"),
    counts: db.prepare<[], OutboxCounts>(
      "SELECT count(*) FILTER (WHERE state = 'pending') AS pending, count(*) FILTER (WHERE state = 'dead') AS dead FROM outbox",
    ),
    remSub: db.prepare(
      'INSERT INTO reminders (key, channel, address, next_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET channel = excluded.channel, address = excluded.address, next_at = excluded.next_at',
    ),
    remUnsub: db.prepare('DELETE FROM reminders WHERE key = ?'),
    remDue: db.prepare<[number, number], { key: string; channel: string; address: string; next_at: number }>(
      'SELECT key, channel, address, next_at FROM reminders WHERE next_at <= ? ORDER BY next_at LIMIT ?',
    ),
    remMove: db.prepare('UPDATE reminders SET next_at = ? WHERE key = ?'),
    statAdd: db.prepare(
      'INSERT INTO daily_stats (day, metric, key, count) VALUES (?, ?, ?, ?) ON CONFLICT (day, metric, key) DO UPDATE SET count = count + excluded.count',
    ),
    statSince: db.prepare<[string], { day: string; metric: string; key: string; count: number }>(
      'SELECT day, metric, key, count FROM daily_stats WHERE day >= ? ORDER BY day',
    ),
    mailPut: db.prepare('INSERT INTO mailbox (key, payload, at) VALUES (?, ?, ?)'),
    mailAfter: db.prepare<[string, number, number], { id: number; payload: string }>(
      'SELECT id, payload FROM mailbox WHERE key = ? AND id > ? ORDER BY id LIMIT ?',
    ),
    mailPurge: db.prepare('DELETE FROM mailbox WHERE at < ?'),
    retry: db.prepare(
      "UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ? AND state = 'pending'",
    ),
  };
  const appendMany = db.transaction((key: string, lines: Omit<CaseLine, 'seq'>[]) => {
    for (const line of lines) q.append.run(key, line.at, JSON.stringify(line));
    q.trim.run(key, key, TRANSCRIPT_KEEP);
  });

  const cases: CaseStore = {
    create: (c) =>
      guard(
        () =>
          q.insert.run(c.id, c.conversationKey, c.status, JSON.stringify(c), c.createdAt, c.closedAt ?? null)
            .changes === 1,
      ),
    get: (id) => guard(() => row(q.get.get(id))),
    put: (c, rev) =>
      guard(() => q.update.run(c.status, JSON.stringify(c), c.closedAt ?? null, c.id, rev).changes === 1),
    openFor: (key) => guard(() => row(q.openFor.get(key))),
    list: (since) => guard(() => q.list.all(since).map((r) => row(r) as StoredCase)),
  };
  const transcripts: TranscriptStore = {
    append: (key, lines) => guard(() => void appendMany(key, lines)),
    recent: (key, limit) =>
      guard(() => q.recent.all(key, limit).map((r) => JSON.parse(r.line) as Omit<CaseLine, 'seq'>)),
    purge: (cutoff) => guard(() => void q.purgeLines.run(cutoff)),
    forget: (key) => guard(() => void q.forgetLines.run(key)),
  };
  const outbox: Outbox = {
    add: (kind, payload, now) =>
      guard(() => Number(q.addJob.run(kind, JSON.stringify(payload), now, now).lastInsertRowid)),
    due: (now, limit) =>
      guard(() =>
        q.due.all(now, limit).map(
          (r): OutboxItem => ({
            id: r.id,
            kind: r.kind,
            payload: JSON.parse(r.payload) as unknown,
            attempts: r.attempts,
            nextAt: r.next_at,
          }),
        ),
      ),
    done: (id) => guard(() => void q.done.run(id)),
    retryLater: (id, nextAt, error) => guard(() => void q.retry.run(nextAt, error.slice(0, 500), id)),
    deadLetter: (id, now, error) => guard(() => void q.dead.run(now, error.slice(0, 500), id)),
    deadLetters: (limit) => guard(() => q.deadList.all(Math.max(0, limit)).map(deadLetterOf)),
    revive: (id) => guard(() => q.revive.run(id).changes === 1),
    discard: (id) => guard(() => q.discard.run(id).changes === 1),
    counts: () => guard(() => q.counts.get() ?? { pending: 0, dead: 0 }),
  };
  const addStats = db.transaction((day: string, counts: { metric: string; key: string; n: number }[]) => {
    for (const c of counts) q.statAdd.run(day, c.metric, c.key.slice(0, 100), c.n);
  });
  const reminders: ReminderStore = {
    subscribe: (key, sub) =>
      guard(() => void q.remSub.run(key, sub.channel, JSON.stringify(sub.address ?? null), sub.nextAt)),
    unsubscribe: (key) => guard(() => q.remUnsub.run(key).changes > 0),
    due: (now, limit) =>
      guard(() =>
        q.remDue.all(now, limit).map((r) => ({
          key: r.key,
          channel: r.channel,
          address: JSON.parse(r.address) as unknown,
          nextAt: r.next_at,
        })),
      ),
    reschedule: (key, nextAt) => guard(() => void q.remMove.run(nextAt, key)),
  };
  const stats: StatsStore = {
    add: (day, counts) => guard(() => void addStats(day, counts)),
    since: (day) => guard(() => q.statSince.all(day)),
  };
  const mailbox: Mailbox = {
    put: (key, payload, now) =>
      guard(() => Number(q.mailPut.run(key, JSON.stringify(payload), now).lastInsertRowid)),
    after: (key, afterId, limit) =>
      guard(() =>
        q.mailAfter
          .all(key, afterId, limit)
          .map((r) => ({ id: r.id, payload: JSON.parse(r.payload) as unknown })),
      ),
    purge: (cutoff) => guard(() => void q.mailPurge.run(cutoff)),
  };
  return {
    cases,
    transcripts,
    outbox,
    mailbox,
    stats,
    reminders,
    close,
  };
}
