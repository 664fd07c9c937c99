import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initialState } from '../src/core/conversation-state.ts';
import { StoreUnavailableError } from '../src/store/conversation-store.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';

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
