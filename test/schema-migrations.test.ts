// An install made by the release before schema versions, upgraded at start-up: every row is still there, the new
// columns work, and the schema ends exactly as a fresh install's; a newer release's database is refused untouched.
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../src/store/conversation-store.ts';
import { createPgStores } from '../src/store/pg-stores.ts';
import { MIGRATIONS } from '../src/store/schema/migrations.ts';
import { sqliteSchemaStatus } from '../src/store/sqlite-schema.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import {
  OLD_AT,
  OLD_CASE,
  OLD_CHANNEL,
  OLD_STATE,
  type OldInstall,
  OPTED_OUT,
  oldInstall,
  PREVIOUS_RELEASE_SQL,
  schemaShape,
} from './helpers/old-install.ts';

const made: OldInstall[] = [];
const install = async (kind: 'sqlite' | 'pg', setupSql?: string) => {
  const i = await oldInstall(kind, setupSql);
  made.push(i);
  return i;
};
afterAll(async () => {
  for (const i of made) await i.drop();
});

const versions = async (i: OldInstall) =>
  (await i.sql('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version));

describe('what a database made without a version table is found to be', () => {
  const v1 = PREVIOUS_RELEASE_SQL.sqlite;
  it.each([
    { holds: 'nothing', sql: '', state: 'empty', current: 0 },
    { holds: "the previous release's tables", sql: v1, state: 'unversioned', current: 1 },
    {
      holds: 'those, with the seen-mark columns',
      sql: `${v1}; ALTER TABLE seen_messages ADD COLUMN replies TEXT; ALTER TABLE seen_messages ADD COLUMN delivered INTEGER NOT NULL DEFAULT 1`,
      state: 'unversioned',
      current: 2,
    },
    {
      holds: 'those, with the dead-letter columns but not the seen-mark ones',
      sql: `${v1}; ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'pending'; ALTER TABLE outbox ADD COLUMN dead_at INTEGER; ALTER TABLE outbox ADD COLUMN created_at INTEGER`,
      state: 'unversioned',
      current: 1,
    },
    {
      holds: 'only the seen-messages table',
      sql: 'CREATE TABLE seen_messages (id TEXT PRIMARY KEY, at INTEGER NOT NULL)',
      state: 'unversioned',
      current: 0,
    },
  ] as const)('$holds → $state at version $current; the later ones pending', ({ sql, state, current }) => {
    const db = new Database(':memory:');
    db.exec(sql);
    const status = sqliteSchemaStatus(db);
    expect(status).toMatchObject({ state, current, target: MIGRATIONS.length });
    expect(status.pending.map((m) => m.version)).toEqual(
      MIGRATIONS.filter((m) => m.version > current).map((m) => m.version),
    );
    db.close();
  });
});

describe.each(['sqlite', 'pg'] as const)(
  'an install of the previous release (%s), started by this one',
  (kind) => {
    it('keeps every row, and its conversations, cases and subscriptions work as before', async () => {
      const old = await install(kind);
      const s = old.stores();
      try {
        expect(await s.conversations.get('web:old')).toEqual({ state: OLD_STATE, version: 3 });
        expect(await s.cases.get('VPN-7')).toEqual({ case: OLD_CASE, rev: 1 });
        expect((await s.cases.list(0)).map((c) => c.case.id)).toEqual(['VPN-7']);
        expect(await s.transcripts.recent('web:old', 10)).toEqual([
          { at: OLD_AT, from: 'user', text: 'error 809' },
        ]);
        expect(await s.mailbox.after('web:old', 0, 10)).toMatchObject([
          { payload: { text: 'Dana: still there?' } },
        ]);
        expect(await s.reminders.due(OLD_AT, 10)).toMatchObject([
          { key: 'web:old', channel: 'web', address: { id: 'old' } },
        ]);
        expect(await s.stats.since('2026-11-30')).toEqual([
          { day: '2026-11-30', metric: 'conversations', key: 'all', count: 5 },
        ]);
        expect(await s.optOuts.isOptedOut(OPTED_OUT)).toBe(true);
        expect(await s.teams.get(OLD_CHANNEL.channelId)).toEqual(OLD_CHANNEL);
        const [queued] = await s.outbox.due(OLD_AT, 10);
        expect(queued).toMatchObject({ kind: 'user', attempts: 2 });
        expect(await versions(old)).toEqual(MIGRATIONS.map((m) => m.version));
      } finally {
        await s.close();
      }
    });

    it('gains the new columns: a message mark keeps its replies, an outbox row can be kept as undelivered', async () => {
      const old = await install(kind);
      const s = old.stores();
      try {
        expect(await s.conversations.seenTurn('web:old#m-1')).toEqual({ replies: [], delivered: true });
        const replies = [{ kind: 'text' as const, text: 'Which error number do you see?' }];
        const saved = await s.conversations.put('web:old', { ...OLD_STATE, turn: 5 }, 3, {
          id: 'web:old#m-2',
          at: OLD_AT + 1000,
          replies,
        });
        expect(saved).toBe(true);
        expect(await s.conversations.seenTurn('web:old#m-2')).toEqual({ replies, delivered: false });
        const [queued] = await s.outbox.due(OLD_AT, 10);
        await s.outbox.deadLetter(queued?.id ?? 0, OLD_AT + 2000, 'web inbox answered 410');
        expect(await s.outbox.counts()).toEqual({ pending: 0, dead: 1 });
        const [dead] = await s.outbox.deadLetters(10);
        expect(dead).toMatchObject({
          attempts: 3,
          lastError: 'web inbox answered 410',
          deadAt: OLD_AT + 2000,
        });
        expect(dead).not.toHaveProperty('createdAt');
      } finally {
        await s.close();
      }
    });

    it('ends with the same tables, columns and indexes as a fresh install, and a second start changes nothing', async () => {
      const old = await install(kind);
      const fresh = await install(kind, '');
      for (const i of [old, fresh]) await i.start();
      expect(await schemaShape(old)).toEqual(await schemaShape(fresh));
      const applied = await old.sql('SELECT version, applied_at FROM schema_migrations ORDER BY version');
      await old.start();
      expect(await old.sql('SELECT version, applied_at FROM schema_migrations ORDER BY version')).toEqual(
        applied,
      );
      expect(await old.sql('SELECT CAST(count(*) AS INTEGER) AS n FROM conversations')).toEqual([{ n: 1 }]);
    });

    it('a database a newer release has upgraded is refused with a clear message, and left as it was', async () => {
      const old = await install(kind);
      await old.start();
      await old.sql('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        99,
        'something from the future',
        OLD_AT,
      ]);
      const before = await schemaShape(old);
      const refusal =
        /schema version 99 \("something from the future"\), newer than this release of vpnbot knows \(up to 4\)/;
      if (kind === 'sqlite')
        expect(() => createSqliteStore(`${old.env.DATA_DIR}/vpnbot.sqlite`)).toThrow(refusal);
      else {
        const s = createPgStores(old.env.DATABASE_URL as string);
        try {
          const failed = s.conversations.get('web:old');
          await expect(failed).rejects.toBeInstanceOf(StoreUnavailableError);
          await expect(failed).rejects.toThrow(refusal);
        } finally {
          await s.close();
        }
      }
      expect(await schemaShape(old)).toEqual(before);
      expect(await versions(old)).toEqual([...MIGRATIONS.map((m) => m.version), 99]);
    });
  },
);

describe('a SQLite file already up to date', () => {
  it('opens while another process holds its write lock (nothing to migrate, so nothing to wait for)', async () => {
    const old = await install('sqlite');
    await old.start();
    const file = `${old.env.DATA_DIR}/vpnbot.sqlite`;
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const store = createSqliteStore(file);
      expect(await store.get('web:old')).toEqual({ state: OLD_STATE, version: 3 });
      await store.close();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe('several PostgreSQL instances starting at once on an install of the previous release', () => {
  it('upgrade it once: every version recorded once, every instance ready', async () => {
    const old = await install('pg');
    const starting = ['a', 'b', 'c', 'd'].map((name) => old.stores(name));
    try {
      await Promise.all(starting.map((s) => s.conversations.ready()));
      expect(await versions(old)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await starting[3]?.conversations.seenTurn('web:old#m-1')).toEqual({
        replies: [],
        delivered: true,
      });
    } finally {
      await Promise.all(starting.map((s) => s.close()));
    }
  });
});

describe('the version table', () => {
  it.each(['sqlite', 'pg'] as const)('%s: says which change each version made and when', async (kind) => {
    const old = await install(kind);
    await old.start();
    const rows = await old.sql('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => [Number(r.version), r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    for (const r of rows) expect(Number(r.applied_at)).toBeGreaterThan(OLD_AT);
  });
});
