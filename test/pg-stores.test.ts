// The PostgreSQL stores against the local server, each file in its own schema: the SQLite stores' behaviour, plus
// what many instances on one database need (atomic outbox claims, case leases, concurrent schema creation).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initialState } from '../src/core/conversation-state.ts';
import { newCase } from '../src/core/handoff-case.ts';
import { StoreUnavailableError } from '../src/store/conversation-store.ts';
import { createPgStores, type PgStores } from '../src/store/pg-stores.ts';
import { createPgTeamsChannelStoreAt } from '../src/store/pg-teams-channel-store.ts';
import { createPgTestDb, type PgTestDb } from './helpers/pg-test-db.ts';

let db: PgTestDb;
beforeAll(async () => {
  db = await createPgTestDb();
});
afterAll(async () => {
  await db?.drop();
});

const opened: PgStores[] = [];
/** Stores as instance `name` would open them (its own pool). */
const open = (name = 'a') => {
  const stores = createPgStores(db.url(name));
  opened.push(stores);
  return stores;
};
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

const summary = { reason: 'asked' as const, codes: [], checks: [], suggested: [] };
const aCase = (id: string, key: string, now = 1000) =>
  newCase({
    id,
    conversationKey: key,
    channel: 'web',
    address: { id: key },
    summary,
    lines: [],
    targets: ['desk'],
    now,
  });

describe('the PostgreSQL conversation store', () => {
  it('keeps a conversation across a reopen (a restart) and for another instance', async () => {
    const state = { ...initialState(1000), phase: 'asking' as const, at: 'network', turn: 3 };
    const first = open('a');
    expect(await first.conversations.put('web:abc', state, undefined)).toBe(true);
    await first.close();
    expect(await open('a').conversations.get('web:abc')).toEqual({ state, version: 1 });
    expect(await open('b').conversations.get('web:abc')).toEqual({ state, version: 1 });
  });

  it('refuses a write made from a stale read, also when the other write came from another instance', async () => {
    const a = open('a').conversations;
    const b = open('b').conversations;
    await a.put('k', initialState(1), undefined);
    const readA = await a.get('k');
    const readB = await b.get('k');
    expect(await b.put('k', { ...initialState(2), turn: 1 }, readB?.version)).toBe(true);
    expect(await a.put('k', { ...initialState(3), turn: 9 }, readA?.version)).toBe(false);
    expect((await a.get('k'))?.state.turn).toBe(1);
    expect(await a.put('k', initialState(4), undefined)).toBe(false);
    await a.delete('k');
    expect(await b.get('k')).toBeUndefined();
  });

  it('lets exactly one of many concurrent writers from one read win', async () => {
    const instances = [open('a').conversations, open('b').conversations];
    await instances[0]?.put('race', initialState(1), undefined);
    const wins = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        instances[i % 2]?.put('race', { ...initialState(2), turn: i + 1 }, 1),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await instances[1]?.get('race'))?.version).toBe(2);
  });

  it('remembers platform message ids across instances, and forgets one on request', async () => {
    const a = open('a').conversations;
    const b = open('b').conversations;
    expect(await a.firstSeen('teams:1', 10)).toBe(true);
    expect(await b.firstSeen('teams:1', 11)).toBe(false);
    expect(await b.firstSeen('teams:2', 12)).toBe(true);
    await a.forgetSeen('teams:1');
    expect(await b.firstSeen('teams:1', 13)).toBe(true);
    const once = await Promise.all([a.firstSeen('slack:9', 1), b.firstSeen('slack:9', 1)]);
    expect(once.filter(Boolean)).toHaveLength(1);
  });

  it('purges idle conversations and old message ids, and counts what went', async () => {
    const store = open().conversations;
    await db.admin(`TRUNCATE ${db.schema}.conversations, ${db.schema}.seen_messages`);
    await store.put('old', initialState(100), undefined);
    await store.put('new', initialState(5000), undefined);
    await store.firstSeen('m', 100);
    expect(await store.purge(1000)).toBe(1);
    expect(await store.get('old')).toBeUndefined();
    expect(await store.get('new')).toBeDefined();
    expect(await store.firstSeen('m', 6000)).toBe(true);
    await store.put('with-a-person', { ...initialState(100), phase: 'handoff' }, undefined);
    expect(await store.purge(1000)).toBe(0);
    expect(await store.get('with-a-person')).toBeDefined();
  });

  it('reports itself unavailable once closed, with a typed error', async () => {
    const stores = open();
    await stores.conversations.ping();
    await stores.close();
    await expect(stores.conversations.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(stores.conversations.get('x')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(stores.outbox.due(0, 1)).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('creates the schema once when several instances start at the same moment', async () => {
    const fresh = await createPgTestDb();
    try {
      const starting = ['a', 'b', 'c', 'd'].map((n) => createPgStores(fresh.url(n)));
      await Promise.all(starting.map((s) => s.ping()));
      const tables = await fresh.admin(
        'SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1',
        [fresh.schema],
      );
      expect(tables[0]?.n).toBeGreaterThanOrEqual(11);
      await Promise.all(starting.map((s) => s.close()));
    } finally {
      await fresh.drop();
    }
  });
});

describe('the PostgreSQL handoff stores', () => {
  it('cases: create once, compare-and-set on rev, the open one per conversation, the list', async () => {
    const { cases } = open();
    const c = aCase('VPN-1', 'web:u1');
    expect(await cases.create(c)).toBe(true);
    expect(await cases.create(c)).toBe(false);
    const stored = await cases.get('VPN-1');
    expect(stored).toEqual({ case: c, rev: 1 });
    const claimed = { ...c, status: 'claimed' as const, version: 2 };
    expect(await cases.put(claimed, 1)).toBe(true);
    expect(await cases.put({ ...c, status: 'cancelled' as const }, 1)).toBe(false);
    expect((await cases.openFor('web:u1'))?.case.status).toBe('claimed');
    await cases.put({ ...claimed, status: 'closed', closedAt: 5000 }, 2);
    expect(await cases.openFor('web:u1')).toBeUndefined();
    await cases.create(aCase('VPN-2', 'web:u2', 2000));
    expect((await cases.list(4000)).map((s) => s.case.id)).toEqual(['VPN-1', 'VPN-2']);
    expect((await cases.list(6000)).map((s) => s.case.id)).toEqual(['VPN-2']);
  });

  it('cases: one open case per conversation, even when two instances open one at the same moment', async () => {
    const a = open('a').cases;
    const b = open('b').cases;
    const made = await Promise.all([
      a.create(aCase('VPN-A', 'web:twice')),
      b.create(aCase('VPN-B', 'web:twice')),
    ]);
    expect(made.filter(Boolean)).toHaveLength(1);
    const openOne = await a.openFor('web:twice');
    expect(openOne?.case.id).toMatch(/^VPN-[AB]$/);
    if (!openOne) return;
    expect(await b.put({ ...openOne.case, status: 'cancelled', closedAt: 2000 }, openOne.rev)).toBe(true);
    expect(await b.create(aCase('VPN-C', 'web:twice'))).toBe(true);
  });

  it('case leases: one holder at a time, renewable by it, free once let go or expired', async () => {
    const a = open('a').cases;
    const b = open('b').cases;
    const lease = (s: typeof a, holder: string, now: number, until: number) =>
      s.lease?.('VPN-9', holder, now, until);
    expect(await lease(a, 'A', 100, 200)).toBe(true);
    expect(await lease(b, 'B', 150, 250)).toBe(false);
    expect(await lease(a, 'A', 150, 300)).toBe(true);
    expect(await lease(b, 'B', 299, 400)).toBe(false);
    expect(await lease(b, 'B', 300, 400)).toBe(true);
    expect(await lease(a, 'A', 310, 310)).toBe(true);
    expect(await lease(a, 'A', 320, 400)).toBe(false);
    expect(await lease(b, 'B', 330, 330)).toBe(true);
    const race = await Promise.all(['A', 'B', 'C', 'D'].map((h, i) => lease(i % 2 ? b : a, h, 500, 600)));
    expect(race.filter(Boolean)).toHaveLength(1);
  });

  it('transcripts: lines in order, trimmed to the last 40 per conversation, purged by age, forgotten on request', async () => {
    const { transcripts } = open();
    for (let i = 1; i <= 45; i += 3)
      await transcripts.append(
        'k',
        [0, 1, 2].map((j) => ({ at: i + j, from: 'user' as const, text: `line ${i + j}` })),
      );
    await transcripts.append('other', [{ at: 1, from: 'bot', text: 'hi' }]);
    const all = await transcripts.recent('k', 100);
    expect(all).toHaveLength(40);
    expect(all[0]?.text).toBe('line 6');
    expect(all.at(-1)?.text).toBe('line 45');
    expect((await transcripts.recent('k', 2)).map((l) => l.text)).toEqual(['line 44', 'line 45']);
    await transcripts.purge(30);
    expect(await transcripts.recent('k', 100)).toHaveLength(16);
    expect(await transcripts.recent('other', 10)).toEqual([]);
    await transcripts.forget('k');
    expect(await transcripts.recent('k', 100)).toEqual([]);
  });

  it('outbox: due rows are claimed for a lease, retried later, gone when done', async () => {
    const { outbox } = open();
    const first = await outbox.add('user', { n: 1 }, 100);
    const second = await outbox.add('webhook', { n: 2 }, 200);
    expect(await outbox.due(50, 10)).toEqual([]);
    expect(await outbox.due(150, 10)).toEqual([
      { id: first, kind: 'user', payload: { n: 1 }, attempts: 0, nextAt: 100 },
    ]);
    // Claimed: nobody else gets it until the lease runs out (an instance that died), then it comes back.
    expect((await outbox.due(250, 10)).map((i) => i.id)).toEqual([second]);
    expect(await outbox.due(260, 10)).toEqual([]);
    await outbox.retryLater(second, 1000, 'timeout');
    expect(await outbox.due(999, 10)).toEqual([]);
    expect(await outbox.due(1000, 10)).toEqual([
      { id: second, kind: 'webhook', payload: { n: 2 }, attempts: 1, nextAt: 1000 },
    ]);
    await outbox.done(second);
    const back = await outbox.due(150 + 300_000, 10);
    expect(back.map((i) => i.id)).toEqual([first]);
    await outbox.done(first);
    expect(await outbox.due(10_000_000, 10)).toEqual([]);
  });

  it('outbox: instances claiming at once get disjoint rows, every row exactly once', async () => {
    const [a, b, c] = [open('a').outbox, open('b').outbox, open('c').outbox];
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) ids.push(await a.add('user', { i }, i));
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) => [a, b, c][i % 3]?.due(1000, 7) ?? []),
    );
    const claimed = claims.flat().map((item) => item.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    const rest = await b.due(1000, 100);
    expect([...claimed, ...rest.map((i) => i.id)].sort((x, y) => x - y)).toEqual(ids);
  });

  it('mailbox: messages per key in order after an id, purged by age', async () => {
    const a = open('a').mailbox;
    const b = open('b').mailbox;
    const ids = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).put('web:1', { i }, 100 + i)),
    );
    await a.put('web:2', { other: true }, 100);
    const got = await b.after('web:1', 0, 100);
    expect(got.map((m) => m.id)).toEqual([...ids].sort((x, y) => x - y));
    const firstId = got[0]?.id ?? 0;
    expect((await a.after('web:1', firstId, 2)).map((m) => m.id)).toEqual(got.slice(1, 3).map((m) => m.id));
    await a.purge(105);
    expect(await b.after('web:1', 0, 100)).toHaveLength(5);
    expect(await b.after('web:2', 0, 100)).toEqual([]);
  });

  it('stats: counters add up across calls and instances, duplicates within one call summed', async () => {
    const a = open('a').stats;
    const b = open('b').stats;
    await Promise.all([
      a.add('2026-11-25', [
        { metric: 'turns', key: 'web', n: 1 },
        { metric: 'turns', key: 'web', n: 2 },
        { metric: 'codes', key: '809', n: 1 },
      ]),
      b.add('2026-11-25', [
        { metric: 'codes', key: '809', n: 4 },
        { metric: 'turns', key: 'web', n: 1 },
      ]),
      b.add('2026-11-24', [{ metric: 'turns', key: 'x'.repeat(150), n: 1 }]),
      a.add('2026-11-26', []),
    ]);
    expect(await a.since('2026-11-25')).toEqual([
      { day: '2026-11-25', metric: 'codes', key: '809', count: 5 },
      { day: '2026-11-25', metric: 'turns', key: 'web', count: 4 },
    ]);
    expect((await b.since('2026-11-01'))[0]?.key).toHaveLength(100);
  });

  it('reminders: subscribe, claim due ones for one instance, reschedule, unsubscribe', async () => {
    const a = open('a').reminders;
    const b = open('b').reminders;
    await a.subscribe('web:1', { channel: 'web', address: { id: 1 }, nextAt: 100 });
    await a.subscribe('web:2', { channel: 'web', address: { id: 2 }, nextAt: 5000 });
    await a.subscribe('web:1', { channel: 'web', address: { id: 11 }, nextAt: 200 });
    const [fromA, fromB] = await Promise.all([a.due(300, 10), b.due(300, 10)]);
    expect([...(fromA ?? []), ...(fromB ?? [])]).toEqual([
      { key: 'web:1', channel: 'web', address: { id: 11 }, nextAt: 200 },
    ]);
    await b.reschedule('web:1', 4000);
    expect((await a.due(4500, 10)).map((r) => r.key)).toEqual(['web:1']);
    expect(await a.unsubscribe('web:2')).toBe(true);
    expect(await b.unsubscribe('web:2')).toBe(false);
    expect(await b.due(10_000, 10)).toEqual([]);
  });
});

describe('the PostgreSQL SMS opt-outs and Teams channel locations', () => {
  it('opt-outs are shared by instances and stored only as hashes', async () => {
    const a = open('a').optOuts;
    const b = open('b').optOuts;
    expect(await a.isOptedOut('+15550100')).toBe(false);
    await a.optOut('+15550100', 1);
    await b.optOut('+15550100', 2);
    expect(await b.isOptedOut('+15550100')).toBe(true);
    const raw = JSON.stringify(await db.admin(`SELECT * FROM ${db.schema}.sms_opt_outs`));
    expect(raw).not.toContain('5550100');
    expect(await b.optIn('+15550100')).toBe(true);
    expect(await a.optIn('+15550100')).toBe(false);
    expect(await a.isOptedOut('+15550100')).toBe(false);
  });

  it('a Teams channel learned by one instance is known to another; the per-call store holds no pool', async () => {
    const location = {
      channelId: '19:abc@thread.tacv2',
      teamId: '19:team@thread.tacv2',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      botId: '28:bot',
      learnedAt: 1,
    };
    await open('a').teamsChannels.put(location);
    expect(await open('b').teamsChannels.get(location.channelId)).toEqual(location);
    const perCall = createPgTeamsChannelStoreAt(db.url('teams'));
    await perCall.put({ ...location, serviceUrl: 'https://smba.trafficmanager.net/amer/', learnedAt: 2 });
    expect((await perCall.get(location.channelId))?.serviceUrl).toBe('https://smba.trafficmanager.net/amer/');
    expect(await perCall.get('19:unknown@thread.tacv2')).toBeUndefined();
    await expect
      .poll(async () => {
        const rows = await db.admin(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
          [`${db.schema}_teams`],
        );
        return rows[0]?.n;
      })
      .toBe(0);
  });
});
