import { chmodSync, closeSync, mkdtempSync, openSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initialState } from '../src/core/conversation-state.ts';
import { StoreUnavailableError } from '../src/store/conversation-store.ts';
import { openSqlite } from '../src/store/sqlite-db.ts';
import { createSqliteHandoffStores } from '../src/store/sqlite-handoff-store.ts';
import { createSqliteOptOutStore } from '../src/store/sqlite-opt-out-store.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { createSqliteTeamsChannelStore } from '../src/store/sqlite-teams-channel-store.ts';

const file = () => join(mkdtempSync(join(tmpdir(), 'vpnbot-store-')), 'nested', 'bot.sqlite');
const opened: ReturnType<typeof createSqliteStore>[] = [];
const open = (path: string) => {
  const store = createSqliteStore(path);
  opened.push(store);
  return store;
};
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

describe('the SQLite conversation store', () => {
  it('keeps a conversation across a reopen of the same file (a restart)', async () => {
    const path = file();
    const first = open(path);
    const state = { ...initialState(1000), phase: 'asking' as const, at: 'network', turn: 3 };
    expect(await first.put('web:abc', state, undefined)).toBe(true);
    await first.close();
    const again = open(path);
    expect(await again.get('web:abc')).toEqual({ state, version: 1 });
  });

  it('refuses a write made from a stale read, so concurrent turns never overwrite each other', async () => {
    const store = open(file());
    await store.put('k', initialState(1), undefined);
    const a = await store.get('k');
    const b = await store.get('k');
    expect(await store.put('k', { ...initialState(2), turn: 1 }, a?.version)).toBe(true);
    expect(await store.put('k', { ...initialState(3), turn: 9 }, b?.version)).toBe(false);
    expect((await store.get('k'))?.state.turn).toBe(1);
    expect(await store.put('k', initialState(4), undefined)).toBe(false);
  });

  it('remembers platform message ids so a retry is recognised', async () => {
    const store = open(file());
    expect(await store.firstSeen('teams:1', 10)).toBe(true);
    expect(await store.firstSeen('teams:1', 11)).toBe(false);
    expect(await store.firstSeen('teams:2', 12)).toBe(true);
  });

  it('purges idle conversations and old message ids', async () => {
    const store = open(file());
    await store.put('old', initialState(100), undefined);
    await store.put('new', initialState(5000), undefined);
    await store.firstSeen('m', 100);
    expect(await store.purge(1000)).toBe(1);
    expect(await store.get('old')).toBeUndefined();
    expect(await store.get('new')).toBeDefined();
    expect(await store.firstSeen('m', 6000)).toBe(true);
  });

  it('reports itself unavailable once closed, with a typed error', async () => {
    const store = open(file());
    await store.close();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.get('x')).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

// Transcripts, phone numbers and conversation ids live in this file: only the bot's own user may read it, and
// what is deleted from it is overwritten, not left in free pages.
describe('the SQLite files are private', () => {
  const modes = (dir: string) =>
    Object.fromEntries(readdirSync(dir).map((name) => [name, statSync(join(dir, name)).mode & 0o777]));

  it('creates the data folder 0700 and every file (database, -wal, -shm) 0600, whichever store opens it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vpnbot-modes-')), 'data', 'vpnbot.sqlite');
    const conversations = open(path);
    await conversations.put('sms:+15550100', initialState(1), undefined);
    const handoff = createSqliteHandoffStores(path);
    await handoff.transcripts.append('sms:+15550100', [{ at: 1, from: 'user', text: 'error 809' }]);
    const optOuts = createSqliteOptOutStore(path);
    await optOuts.optOut('+15550100', 1);
    const channels = createSqliteTeamsChannelStore(path);
    await channels.put({
      channelId: '19:x@thread.tacv2',
      teamId: 't',
      serviceUrl: 'https://x/',
      botId: 'b',
      learnedAt: 1,
    });
    try {
      expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
      expect(modes(dirname(path))).toEqual({
        'vpnbot.sqlite': 0o600,
        'vpnbot.sqlite-wal': 0o600,
        'vpnbot.sqlite-shm': 0o600,
      });
    } finally {
      await handoff.close();
      await optOuts.close();
    }
  });

  it('makes the files of an older install (0644) private when it opens them', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vpnbot-modes-')), 'vpnbot.sqlite');
    for (const name of [path, `${path}-wal`, `${path}-shm`]) closeSync(openSync(name, 'a', 0o644));
    for (const name of [path, `${path}-wal`, `${path}-shm`]) chmodSync(name, 0o644);
    const store = open(path);
    await store.put('web:old', initialState(1), undefined);
    expect(Object.values(modes(dirname(path)))).toEqual([0o600, 0o600, 0o600]);
  });

  it('turns secure_delete on for every connection', () => {
    const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'vpnbot-modes-')), 'vpnbot.sqlite'));
    try {
      expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });
});
