// The embedded default store: one SQLite file (WAL mode) under DATA_DIR.

import type Database from 'better-sqlite3';
import type { ConversationState } from '../core/conversation-state.ts';
import type { ConversationStore, SeenMark, SeenTurn, Stored } from './conversation-store.ts';
import { guardDb, openSqlite } from './sqlite-db.ts';
import { followFile } from './sqlite-follow-file.ts';
import { migrateSqlite } from './sqlite-schema.ts';

/**
 * Opens (creating if needed) the SQLite store at `file`, following the file if it is deleted or replaced while
 * open (sqlite-follow-file.ts); ':memory:' gives a private in-memory database.
 */
export function createSqliteStore(file: string): ConversationStore {
  if (file === ':memory:') return storeOn(openSqlite(file));
  return followFile(file, () => {
    const db = openSqlite(file);
    return { db, store: storeOn(db) };
  });
}

/** The conversation store on one open handle. */
function storeOn(handle: Database.Database): ConversationStore {
  const { db, run: guard, close } = guardDb(handle, 'SQLite store');
  migrateSqlite(db);
  const getStmt = db.prepare<[string], { state: string; version: number }>(
    'SELECT state, version FROM conversations WHERE key = ?',
  );
  const insertStmt = db.prepare(
    'INSERT OR IGNORE INTO conversations (key, state, version, updated_at) VALUES (?, ?, 1, ?)',
  );
  const updateStmt = db.prepare(
    'UPDATE conversations SET state = ?, version = version + 1, updated_at = ? WHERE key = ? AND version = ?',
  );
  const deleteStmt = db.prepare('DELETE FROM conversations WHERE key = ?');
  const seenStmt = db.prepare('INSERT OR IGNORE INTO seen_messages (id, at) VALUES (?, ?)');
  const answeredStmt = db.prepare(
    'INSERT OR IGNORE INTO seen_messages (id, at, replies, delivered) VALUES (?, ?, ?, 0)',
  );
  const seenTurnStmt = db.prepare<[string], { replies: string | null; delivered: number }>(
    'SELECT replies, delivered FROM seen_messages WHERE id = ?',
  );
  const deliveredStmt = db.prepare('UPDATE seen_messages SET delivered = 1 WHERE id = ?');
  /** Thrown inside the put transaction to roll it back when the message was answered meanwhile. */
  const alreadySeen = new Error('message already answered');
  const putTx = db.transaction(
    (key: string, state: ConversationState, expected: number | undefined, seen?: SeenMark) => {
      const json = JSON.stringify(state);
      const saved =
        expected === undefined
          ? insertStmt.run(key, json, state.updatedAt).changes === 1
          : updateStmt.run(json, state.updatedAt, key, expected).changes === 1;
      if (saved && seen && answeredStmt.run(seen.id, seen.at, JSON.stringify(seen.replies)).changes !== 1)
        throw alreadySeen;
      return saved;
    },
  );
  const forgetStmt = db.prepare('DELETE FROM seen_messages WHERE id = ?');
  const purgeStmt = db.prepare(
    "DELETE FROM conversations WHERE updated_at < ? AND json_extract(state, '$.phase') IS NOT 'handoff'",
  );
  const purgeSeenStmt = db.prepare('DELETE FROM seen_messages WHERE at < ?');

  const probeStmts = [
    db.prepare(
      "INSERT OR REPLACE INTO conversations (key, state, version, updated_at) VALUES ('~ready', '{}', 0, 0)",
    ),
    db.prepare("INSERT OR REPLACE INTO seen_messages (id, at) VALUES ('~ready', 0)"),
    db.prepare("DELETE FROM conversations WHERE key = '~ready'"),
    db.prepare("DELETE FROM seen_messages WHERE id = '~ready'"),
  ];
  /** Commits a write to each table and takes it back: fails on a read-only, full or vanished file. */
  const probeTx = db.transaction(() => {
    for (const stmt of probeStmts)
      if (stmt.run().changes !== 1) throw new Error('readiness probe lost a row');
  });

  return {
    get: (key) =>
      guard((): Stored | undefined => {
        const row = getStmt.get(key);
        return row ? { state: JSON.parse(row.state) as ConversationState, version: row.version } : undefined;
      }),
    put: (key, state, expected, seen) =>
      guard(() => {
        try {
          return putTx(key, state, expected, seen);
        } catch (err) {
          if (err === alreadySeen) return false;
          throw err;
        }
      }),
    delete: (key) => guard(() => void deleteStmt.run(key)),
    firstSeen: (id, now) => guard(() => seenStmt.run(id, now).changes === 1),
    forgetSeen: (id) => guard(() => void forgetStmt.run(id)),
    seenTurn: (id) =>
      guard((): SeenTurn | undefined => {
        const row = seenTurnStmt.get(id);
        if (!row) return undefined;
        return { replies: row.replies ? JSON.parse(row.replies) : [], delivered: row.delivered === 1 };
      }),
    markDelivered: (id) => guard(() => void deliveredStmt.run(id)),
    purge: (cutoff) =>
      guard(() => {
        purgeSeenStmt.run(cutoff);
        return purgeStmt.run(cutoff).changes;
      }),
    ping: () => guard(() => void db.prepare('SELECT 1').get()),
    ready: () => guard(() => probeTx()),
    close,
  };
}
