// Every platform message is applied exactly once, on SQLite and on PostgreSQL: a retry after a crash or a restart
// gets the answer its turn gave, the same message at two instances runs once, a burst on one conversation never
// fails, and an id no store may keep is refused as bad data rather than reported as an outage.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Composed, composeBot } from '../src/app/compose.ts';
import { loadConfig } from '../src/config.ts';
import type { Input } from '../src/core/engine.ts';
import { BadDataError } from '../src/store/conversation-store.ts';
import { createPgTestDb, type PgTestDb } from './helpers/pg-test-db.ts';

const HOURS = { HELPDESK_HOURS: 'Mon-Sun 00:00-24:00', HELPDESK_TZ: 'UTC' };
const say = (text: string): Input => ({ kind: 'text', text });

let pgDb: PgTestDb;
let dir: string;
beforeAll(async () => {
  pgDb = await createPgTestDb();
  dir = mkdtempSync(join(tmpdir(), 'vpnbot-once-'));
});
afterAll(async () => {
  await pgDb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens instance `name` of the bot on the store under test (SQLite: one file; PostgreSQL: one schema). */
type Open = (name: string) => Composed;
const stores: [string, () => Open][] = [
  [
    'SQLite',
    () => {
      const dataDir = mkdtempSync(join(dir, 'data-'));
      return () => composeBot(loadConfig({ ...HOURS, DATA_DIR: dataDir }));
    },
  ],
  ['PostgreSQL', () => (name) => composeBot(loadConfig({ ...HOURS, DATABASE_URL: pgDb.url(name) }))],
];

describe.each(stores)('on %s', (_name, makeOpen) => {
  it('a message re-sent after a restart gets the answer its turn gave, and the conversation moves on once', async () => {
    const open = makeOpen();
    const before = open('a');
    const first = await before.bot.handle('web:restart-1', say('error 721'), 'm-1');
    expect(first.duplicate).toBe(false);
    expect(JSON.stringify(first.replies)).toMatch(/721/);
    await before.close();

    const after = open('b');
    try {
      const retry = await after.bot.handle('web:restart-1', say('error 721'), 'm-1');
      expect(retry).toMatchObject({ duplicate: true, delivered: false, replies: first.replies });
      expect((await after.store.get('web:restart-1'))?.version).toBe(1);
      await after.bot.delivered('web:restart-1', 'm-1');
      expect(await after.bot.handle('web:restart-1', say('error 721'), 'm-1')).toMatchObject({
        duplicate: true,
        delivered: true,
      });
    } finally {
      await after.close();
    }
  });

  it('the same message at two instances at once is applied once; both answers are the same', async () => {
    const open = makeOpen();
    const [a, b] = [open('a'), open('b')];
    try {
      await a.bot.handle('web:twice-1', say('vpn is down'), 'm-0');
      const turns = await Promise.all([
        a.bot.handle('web:twice-1', say('yes'), 'm-1'),
        b.bot.handle('web:twice-1', say('yes'), 'm-1'),
      ]);
      expect(turns.filter((t) => !t.duplicate)).toHaveLength(1);
      expect(turns[0]?.replies).toEqual(turns[1]?.replies);
      expect((await a.store.get('web:twice-1'))?.version).toBe(2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('twenty messages at once on one conversation, across two instances: every one answered, each applied once', async () => {
    const open = makeOpen();
    const [a, b] = [open('a'), open('b')];
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).bot.handle('web:burst-1', say(`error 72${i % 10}`), `burst-${i}`),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect((await a.store.get('web:burst-1'))?.version).toBe(20);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a conversation id or message id with a NUL byte is refused as bad data, and nothing is written', async () => {
    const open = makeOpen();
    const a = open('a');
    try {
      await expect(a.bot.handle('teams:a\u0000b', say('error 721'), 'm-1')).rejects.toBeInstanceOf(
        BadDataError,
      );
      await expect(a.bot.handle('teams:ab', say('error 721'), 'm\u00001')).rejects.toBeInstanceOf(
        BadDataError,
      );
      expect(await a.store.get('teams:ab')).toBeUndefined();
      expect((await a.bot.handle('teams:ab', say('error 721'), 'm-1')).duplicate).toBe(false);
    } finally {
      await a.close();
    }
  });
});

describe('PostgreSQL data errors', () => {
  it('a value PostgreSQL refuses reaches the caller as bad data (a 4xx), not as "the store is down" (a retry)', async () => {
    const a = composeBot(loadConfig({ ...HOURS, DATABASE_URL: pgDb.url('raw') }));
    try {
      await expect(a.store.firstSeen('teams:x\u0000y#1', 1)).rejects.toBeInstanceOf(BadDataError);
      expect(await a.store.firstSeen('teams:xy#1', 1)).toBe(true);
    } finally {
      await a.close();
    }
  });
});

describe('a database made by the previous release', () => {
  it('SQLite: its message marks survive the upgrade and count as answered and delivered', async () => {
    const dataDir = mkdtempSync(join(dir, 'old-'));
    const old = new Database(join(dataDir, 'vpnbot.sqlite'));
    old.exec('CREATE TABLE seen_messages (id TEXT PRIMARY KEY, at INTEGER NOT NULL)');
    old.prepare('INSERT INTO seen_messages VALUES (?, ?)').run('web:old-1#m-1', Date.now());
    old.close();
    const bot = composeBot(loadConfig({ ...HOURS, DATA_DIR: dataDir }));
    try {
      expect(await bot.bot.handle('web:old-1', say('error 721'), 'm-1')).toMatchObject({
        duplicate: true,
        delivered: true,
        replies: [],
      });
      expect((await bot.bot.handle('web:old-1', say('error 721'), 'm-2')).duplicate).toBe(false);
    } finally {
      await bot.close();
    }
  });

  it('PostgreSQL: the same', async () => {
    const fresh = await createPgTestDb();
    const admin = new pg.Client({ connectionString: fresh.url('admin') });
    await admin.connect();
    await admin.query('CREATE TABLE seen_messages (id TEXT PRIMARY KEY, at BIGINT NOT NULL)');
    await admin.query('INSERT INTO seen_messages VALUES ($1, $2)', ['web:old-1#m-1', Date.now()]);
    await admin.end();
    const bot = composeBot(loadConfig({ ...HOURS, DATABASE_URL: fresh.url('a') }));
    try {
      expect(await bot.bot.handle('web:old-1', say('error 721'), 'm-1')).toMatchObject({
        duplicate: true,
        delivered: true,
      });
      expect((await bot.bot.handle('web:old-1', say('error 721'), 'm-2')).duplicate).toBe(false);
    } finally {
      await bot.close();
      await fresh.drop();
    }
  });
});
