// Two composed bots on one PostgreSQL database, as two instances behind a load balancer: no lost updates, cases
// shared, one claim winner, and every delivery (user messages, case posts, relays) made exactly once.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QueueTarget, UserChannel, UserRef } from '../src/app/handoff-contracts.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import type { Reply } from '../src/core/card.ts';
import type { CaseLine } from '../src/core/handoff-case.ts';
import { type PgInstance, startPgInstance } from './helpers/pg-instance.ts';
import { createPgTestDb, type PgTestDb } from './helpers/pg-test-db.ts';

let db: PgTestDb;
beforeAll(async () => {
  db = await createPgTestDb();
});
afterAll(async () => {
  await db?.drop();
});

const running: PgInstance[] = [];
const clock = { now: Date.UTC(2026, 10, 25, 10) };
/** Instances A and B: separate pools (and servers) on the same schema. */
const twoInstances = async () => {
  const pair = await Promise.all([startPgInstance(db.url('a'), clock), startPgInstance(db.url('b'), clock)]);
  running.push(...pair);
  return pair as [PgInstance, PgInstance];
};
afterEach(async () => {
  for (const i of running.splice(0)) await i.stop().catch(() => {});
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const textOf = (replies: Reply[]) =>
  replies.map((r) => (r.kind === 'text' ? r.text : r.card.summary)).join(' | ');

/** A user channel that records what it sends, slowly enough for two dispatchers to overlap. */
const countingUsers = () => {
  const sent: string[] = [];
  const channel: UserChannel = {
    send: async (address, replies) => {
      await sleep(5);
      sent.push(`${JSON.stringify(address)} ${textOf(replies)}`);
    },
  };
  return { sent, channel };
};

/** A queue target that records posts, updates and relayed lines, slowly enough for a race to show. */
const countingQueue = () => {
  const log = { posts: [] as string[], updates: [] as number[], relayed: [] as number[] };
  const target: QueueTarget = {
    name: 'desk',
    post: async (c) => {
      await sleep(20);
      log.posts.push(c.id);
      return { ts: c.id };
    },
    update: async (c) => {
      await sleep(5);
      log.updates.push(c.version);
    },
    relay: async (_c, _ref, lines: CaseLine[]) => {
      await sleep(5);
      log.relayed.push(...lines.map((l) => l.seq));
    },
  };
  return { log, target };
};

/** Both instances dispatch at once, several times, until the outbox is empty and no case owes a notice. */
const dispatchEverywhere = async (a: PgInstance, b: PgInstance) => {
  for (let round = 0; round < 20; round++) {
    await Promise.all([
      a.composed.handoffs.dispatch(),
      b.composed.handoffs.dispatch(),
      a.composed.handoffs.dispatch(),
      b.composed.handoffs.dispatch(),
    ]);
    const [left] = await db.admin(
      `SELECT (SELECT count(*) FROM ${db.schema}.outbox)::int + (SELECT count(*) FROM ${db.schema}.handoff_cases
         WHERE jsonb_array_length(coalesce(data::jsonb -> 'pending', '[]'::jsonb)) > 0)::int AS n`,
    );
    if (left?.n === 0) return;
  }
  throw new Error('the outbox never emptied, or a case still owes notices');
};

describe('two instances on one PostgreSQL database', () => {
  it('concurrent turns in one conversation, half on each instance, never lose an update', async () => {
    const [a, b] = await twoInstances();
    const key = 'web:both-instances';
    const codes = [809, 691, 800, 868, 720, 812];
    await Promise.all(codes.map((code, i) => (i % 2 ? b : a).say(key, `error ${code}`)));
    const stored = await b.composed.store.get(key);
    expect([...(stored?.state.codes ?? [])].sort()).toEqual([...codes].sort());
    expect(stored?.state.turn).toBe(codes.length);
    expect(stored?.version).toBe(codes.length);
    const stats = await a.composed.handoffStores.stats.since('2026-11-25');
    expect(stats.filter((s) => s.metric === 'shown').reduce((n, s) => n + s.count, 0)).toBe(codes.length);
    expect(stats.find((s) => s.metric === 'conversations')?.count).toBe(1);
  });

  it('a handoff opened on A is listed, raced for, claimed, answered and closed from B; each message reaches the user once', async () => {
    const [a, b] = await twoInstances();
    const users = countingUsers();
    const queue = countingQueue();
    for (const i of [a, b]) {
      i.composed.handoffs.addUserChannel('test', users.channel);
      i.composed.handoffs.addTarget(queue.target);
    }
    const key = 'test:user-1';
    const from: UserRef = { channel: 'test', address: { user: 1 }, userName: 'Sam' };
    await a.say(key, 'error 809', from);
    expect(await a.say(key, 'talk to a person', from)).toMatch(/asked the help desk/);

    const listed = await b.composed.handoffs.list();
    expect(listed).toHaveLength(1);
    const id = listed[0]?.id ?? '';
    expect(listed[0]?.status).toBe('queued');

    const agents = ['Ana', 'Ben', 'Cy', 'Dee', 'Ed', 'Flo'];
    const results = await Promise.all(
      agents.map((name, i) =>
        (i % 2 ? b : a).composed.handoffs.claim(id, { id: name.toLowerCase(), name, via: 'console' }),
      ),
    );
    const winners = results.flatMap((r, i) => (r.ok ? [agents[i] ?? ''] : []));
    expect(winners).toHaveLength(1);
    const name = winners[0] ?? '';
    const agent = { id: name.toLowerCase(), name, via: 'console' };
    for (const r of results) if (!r.ok) expect(r.holder?.name).toBe(name);

    expect((await b.composed.handoffs.agentSays(id, agent, 'Try your hotspot?')).ok).toBe(true);
    // The user answers once the agent's words have reached them.
    await dispatchEverywhere(a, b);
    expect(await a.say(key, 'on the hotspot it connects', from)).toBe('[]');
    expect((await b.composed.handoffs.finish(id, agent, 'close', 'Hotel blocks IPsec')).ok).toBe(true);
    expect((await a.composed.handoffs.get(id))?.status).toBe('closed');

    await dispatchEverywhere(a, b);
    expect(users.sent).toHaveLength(3);
    expect(new Set(users.sent).size).toBe(3);
    expect(users.sent.join('\n')).toMatch(/has joined/);
    expect(users.sent.join('\n')).toMatch(/Try your hotspot\?/);
    expect(users.sent.join('\n')).toMatch(/closed your case: Hotel blocks IPsec/);
    expect((await a.composed.store.get(key))?.state.phase).not.toBe('handoff');

    expect(queue.log.posts).toEqual([id]);
    expect(new Set(queue.log.updates).size).toBe(queue.log.updates.length);
    expect(new Set(queue.log.relayed).size).toBe(queue.log.relayed.length);
    const relayedText = (await a.composed.handoffs.get(id))?.lines
      .filter((l) => queue.log.relayed.includes(l.seq))
      .map((l) => l.text);
    expect(relayedText).toEqual(['Try your hotspot?', 'on the hotspot it connects']);
  });

  it('agent messages written on B reach the user once while A dispatches the whole time', async () => {
    const [a, b] = await twoInstances();
    const users = countingUsers();
    for (const i of [a, b]) i.composed.handoffs.addUserChannel('test', users.channel);
    const from: UserRef = { channel: 'test', address: { user: 2 } };
    await a.say('test:user-2', 'talk to a person', from);
    const id = (await b.composed.handoffs.list()).find((c) => c.conversationKey === 'test:user-2')?.id ?? '';
    const agent = { id: 'dana', name: 'Dana', via: 'console' };
    let writing = true;
    const dispatching = (async () => {
      while (writing) await a.composed.handoffs.dispatch();
    })();
    for (let n = 1; n <= 12; n++)
      expect((await b.composed.handoffs.agentSays(id, agent, `message ${n}`)).ok).toBe(true);
    writing = false;
    await dispatching;
    await dispatchEverywhere(a, b);
    const messages = users.sent.filter((s) => /Dana: message \d+/.test(s));
    expect(messages).toHaveLength(12);
    expect(new Set(messages).size).toBe(12);
  });

  it('the outbox delivers each message exactly once while both instances dispatch at once', async () => {
    const [a, b] = await twoInstances();
    const users = countingUsers();
    for (const i of [a, b]) i.composed.handoffs.addUserChannel('test', users.channel);
    const outbox = a.composed.handoffStores.outbox;
    for (let n = 0; n < 45; n++)
      await outbox.add(
        'user',
        { channel: 'test', address: { n }, replies: [{ kind: 'text', text: 'hi' }] },
        clock.now,
      );
    await dispatchEverywhere(a, b);
    expect(users.sent).toHaveLength(45);
    expect(new Set(users.sent).size).toBe(45);
  });

  it('a case is posted once even when both instances dispatch it at the same moment', async () => {
    const [a, b] = await twoInstances();
    const queue = countingQueue();
    for (const i of [a, b]) i.composed.handoffs.addTarget(queue.target);
    for (let n = 0; n < 3; n++) {
      const key = `web:race-${n}`;
      await a.say(key, 'talk to a person');
    }
    await dispatchEverywhere(a, b);
    await Promise.all([a.composed.handoffs.dispatch(), b.composed.handoffs.dispatch()]);
    expect(queue.log.posts).toHaveLength(3);
    expect(new Set(queue.log.posts).size).toBe(3);
    const cases = (await b.composed.handoffs.list()).filter((c) => c.conversationKey.startsWith('web:race-'));
    expect(cases).toHaveLength(3);
    expect(cases.every((c) => c.posts[0]?.postedAt !== undefined)).toBe(true);
  });

  it('due reminders go out once when both instances run them at the same moment', async () => {
    const [a, b] = await twoInstances();
    const store = a.composed.handoffStores.reminders;
    for (let n = 0; n < 8; n++)
      await store.subscribe(`test:rem-${n}`, { channel: 'test', address: { n }, nextAt: clock.now - 1 });
    const sent = await Promise.all([
      a.composed.reminders.runDue(),
      b.composed.reminders.runDue(),
      a.composed.reminders.runDue(),
      b.composed.reminders.runDue(),
    ]);
    expect(sent.reduce((x, y) => x + y, 0)).toBe(8);
  });

  it('DATABASE_URL puts every store in PostgreSQL (no SQLite file); a bad one is refused at start-up', async () => {
    const [a] = await twoInstances();
    await a.say('web:where', 'error 809');
    const rows = await db.admin(`SELECT key FROM ${db.schema}.conversations WHERE key = 'web:where'`);
    expect(rows).toHaveLength(1);
    expect(existsSync(join(a.composed.bot.config.dataDir, 'vpnbot.sqlite'))).toBe(false);
    expect(a.composed.bot.config.databaseUrl).toBe(db.url('a'));
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/vpnbot' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/vpnbot' })).toThrow(/DATABASE_URL/);
  });

  it('a graceful shutdown still makes its last delivery pass after the server has closed the conversation store', async () => {
    const instance = await startPgInstance(db.url('shutdown'), clock);
    const users = countingUsers();
    instance.composed.handoffs.addUserChannel('test', users.channel);
    await instance.composed.handoffStores.outbox.add(
      'user',
      { channel: 'test', address: { last: true }, replies: [{ kind: 'text', text: 'bye' }] },
      clock.now,
    );
    await instance.stop();
    expect(users.sent).toEqual(['{"last":true} bye']);
    await expect
      .poll(
        async () =>
          (
            await db.admin(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [
              `${db.schema}_shutdown`,
            ])
          )[0]?.n,
      )
      .toBe(0);
  });
});
