// PostgreSQL going away: typed errors, a 503 on /healthz, a short "try again" for the user, and a process that
// stays up and recovers when its connections are cut.
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../src/store/conversation-store.ts';
import { createPgDb } from '../src/store/pg-db.ts';
import { createPgStores } from '../src/store/pg-stores.ts';
import { type PgInstance, startPgInstance } from './helpers/pg-instance.ts';
import { createPgTestDb, type PgTestDb } from './helpers/pg-test-db.ts';
import { postTurn } from './helpers/web-server.ts';

let db: PgTestDb;
beforeAll(async () => {
  db = await createPgTestDb();
});
afterAll(async () => {
  await db?.drop();
});

const running: PgInstance[] = [];
const closers: (() => Promise<void>)[] = [];
const clock = { now: Date.UTC(2026, 10, 25, 10) };
afterEach(async () => {
  for (const i of running.splice(0)) await i.stop().catch(() => {});
  for (const close of closers.splice(0)) await close().catch(() => {});
});

/** A loopback port nothing listens on. */
const closedPort = async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
};

/** Cuts every connection instance `name` has open, as a database restart or failover would. */
const cutConnections = (name: string) =>
  db.admin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
    `${db.schema}_${name}`,
  ]);

describe('when PostgreSQL is down or drops connections', () => {
  it('an unreachable database: StoreUnavailableError, 503 on /healthz, "try again" for the user, no crash', async () => {
    const instance = await startPgInstance(`postgres://postgres@127.0.0.1:${await closedPort()}/test`, clock);
    running.push(instance);
    const health = await fetch(`${instance.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'error', store: 'down' });
    await expect(instance.say('web:x', 'error 809')).rejects.toBeInstanceOf(StoreUnavailableError);
    const turn = await postTurn(instance.url, { conversationId: 'web-user-1', text: 'error 809' });
    expect(turn.status).toBe(503);
    expect(JSON.stringify(turn.json)).toMatch(/try again/i);
    await instance.composed.handoffs.dispatch();
    expect(await instance.composed.reminders.runDue().catch((err) => err)).toBeInstanceOf(
      StoreUnavailableError,
    );
    expect((await fetch(`${instance.url}/healthz`)).status).toBe(503);
  });

  it('every store rejects with StoreUnavailableError, never anything else', async () => {
    const stores = createPgStores(`postgres://postgres@127.0.0.1:${await closedPort()}/test`);
    closers.push(() => stores.close());
    const calls: Promise<unknown>[] = [
      stores.ping(),
      stores.conversations.firstSeen('m', 1),
      stores.cases.list(0),
      stores.cases.lease?.('c', 'h', 1, 2) ?? Promise.reject(new StoreUnavailableError('no lease')),
      stores.transcripts.append('k', [{ at: 1, from: 'user', text: 'x' }]),
      stores.outbox.due(1, 10),
      stores.mailbox.put('k', {}, 1),
      stores.stats.add('2026-11-25', [{ metric: 'shown', key: 'x', n: 1 }]),
      stores.reminders.due(1, 10),
      stores.optOuts.isOptedOut('+15550100'),
      stores.teamsChannels.get('19:x@thread.tacv2'),
    ];
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('connections cut under a running instance: no crash, the pool replaces them, the bot carries on', async () => {
    const instance = await startPgInstance(db.url('cut'), clock);
    running.push(instance);
    expect(await instance.say('web:cut', 'error 809')).toMatch(/809/);
    const cut = await cutConnections('cut');
    expect(cut.length).toBeGreaterThan(0);
    // The pool notices the cut connections when it next uses them: health is polled back, not waited for.
    let health = 0;
    for (const deadline = Date.now() + 20_000; health !== 200 && Date.now() < deadline; ) {
      health = (await fetch(`${instance.url}/healthz`)).status;
      if (health !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(health).toBe(200);
    expect(await instance.say('web:cut', 'error 691')).toMatch(/691/);
    expect((await instance.composed.store.get('web:cut'))?.state.codes).toEqual([809, 691]);
  });

  it('a statement cut mid-flight rejects with StoreUnavailableError, and the next one works', async () => {
    const errors: Error[] = [];
    const pgDb = createPgDb(db.url('mid'), { onError: (err) => errors.push(err) });
    closers.push(() => pgDb.close());
    await pgDb.ping();
    const settled = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (err: unknown) => err,
      );
    const slow = settled(pgDb.query('SELECT pg_sleep(5)'));
    const slowTx = settled(
      pgDb.tx(async (query) => {
        await query('SELECT 1');
        await query('SELECT pg_sleep(5)');
      }),
    );
    const sleeping = `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE application_name = $1 AND state = 'active' AND query LIKE 'SELECT pg_sleep%'`;
    await expect.poll(async () => (await db.admin(sleeping, [`${db.schema}_mid`]))[0]?.n).toBe(2);
    await cutConnections('mid');
    expect(await slow).toBeInstanceOf(StoreUnavailableError);
    expect(await slowTx).toBeInstanceOf(StoreUnavailableError);
    await pgDb.ping();
    expect((await pgDb.query<{ n: number }>('SELECT 41 + 1 AS n')).rows).toEqual([{ n: 42 }]);
  });

  it('a store closed under the server answers 503 on /healthz', async () => {
    const instance = await startPgInstance(db.url('closing'), clock);
    running.push(instance);
    expect((await fetch(`${instance.url}/healthz`)).status).toBe(200);
    await instance.composed.store.close();
    expect((await fetch(`${instance.url}/healthz`)).status).toBe(503);
    expect((await postTurn(instance.url, { conversationId: 'web-user-2', text: 'hi' })).status).toBe(503);
  });
});
