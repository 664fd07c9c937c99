// The embedded default store: one SQLite file (WAL mode) under DATA_DIR.
import type { ConversationState } from '../core/conversation-state.ts';
import type { ConversationStore, Stored } from './conversation-store.ts';
import { guardDb, openSqlite } from './sqlite-db.ts';

/** Opens (creating if needed) the SQLite store at `file`; ':memory:' gives a private in-memory database. */
export function createSqliteStore(file: string): ConversationStore {
  const { db, run: guard, close } = guardDb(openSqlite(file), 'SQLite store');
  db.exec(`
    CREATE TABLE IF NOT EXISTS conversations (
      key TEXT PRIMARY KEY,
      state TEXT NOT NULL,
      version INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated_at);
    CREATE TABLE IF NOT EXISTS seen_messages (id TEXT PRIMARY KEY, at INTEGER NOT NULL);
  `);
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
  const forgetStmt = db.prepare('DELETE FROM seen_messages WHERE id = ?');
  const purgeStmt = db.prepare(
    "DELETE FROM conversations WHERE updated_at < ? AND json_extract(state, '$.phase') IS NOT 'handoff'",
  );
  const purgeSeenStmt = db.prepare('DELETE FROM seen_messages WHERE at < ?');

  return {
    get: (key) =>
      guard((): Stored | undefined => {
        const row = getStmt.get(key);
        return row ? { state: JSON.parse(row.state) as ConversationState, version: row.version } : undefined;
      }),
    put: (key, state, expected) =>
      guard(() => {
        const json = JSON.stringify(state);
        if (expected === undefined) return insertStmt.run(key, json, state.updatedAt).changes === 1;
        return updateStmt.run(json, state.updatedAt, key, expected).changes === 1;
      }),
    delete: (key) => guard(() => void deleteStmt.run(key)),
    firstSeen: (id, now) => guard(() => seenStmt.run(id, now).changes === 1),
    forgetSeen: (id) => guard(() => void forgetStmt.run(id)),
    purge: (cutoff) =>
      guard(() => {
        purgeSeenStmt.run(cutoff);
        return purgeStmt.run(cutoff).changes;
      }),
    ping: () => guard(() => void db.prepare('SELECT 1').get()),
    close,
  };
}
