// Liveness and readiness tell the truth: /readyz is 503 exactly while nothing can be written, the store recovers
// what can be recovered (a deleted data folder, a database recreated empty), and /livez stays up throughout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBot } from '../src/app/compose.ts';
import { createLogger } from '../src/app/logger.ts';
import { loadConfig } from '../src/config.ts';
import { type RunningServer, startServer } from '../src/server.ts';
import { createPgTestDb, type PgTestDb } from './helpers/pg-test-db.ts';
import { postTurn } from './helpers/web-server.ts';

let dir: string;
let pgDb: PgTestDb;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpnbot-health-'));
  pgDb = await createPgTestDb();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pgDb?.drop();
});

/** The bot's server on `env` (a DATA_DIR or a DATABASE_URL). */
async function start(env: Record<string, string>): Promise<RunningServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...env });
  const composed = composeBot(config);
  const server = await startServer({
    config,
    bot: composed.bot,
    store: composed.store,
    log: createLogger('silent'),
  });
  return {
    ...server,
    close: async () => {
      await server.close();
      await composed.close();
    },
  };
}

const status = async (url: string, path: string) => (await fetch(`${url}${path}`)).status;
const probes = async (url: string) => ({
  livez: await status(url, '/livez'),
  readyz: await status(url, '/readyz'),
  healthz: await status(url, '/healthz'),
});
const conversationId = (n: number) => `health-check-${n}`;
const said = (json: Record<string, unknown>) => JSON.stringify(json.replies ?? json);

describe('SQLite', () => {
  it('ready while a write commits; 503 while the file is locked by another writer; ready again after', async () => {
    const dataDir = mkdtempSync(join(dir, 'lock-'));
    const server = await start({ DATA_DIR: dataDir });
    try {
      expect(await probes(server.url)).toEqual({ livez: 200, readyz: 200, healthz: 200 });
      const other = new Database(join(dataDir, 'vpnbot.sqlite'));
      other.exec('BEGIN EXCLUSIVE');
      try {
        expect(await status(server.url, '/readyz')).toBe(503);
        expect(await status(server.url, '/livez')).toBe(200);
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      expect(await status(server.url, '/readyz')).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('a data folder deleted while running is put back from the open file: nothing said before or after is lost', async () => {
    const dataDir = mkdtempSync(join(dir, 'gone-'));
    const first = await start({ DATA_DIR: dataDir });
    try {
      expect(
        said((await postTurn(first.url, { conversationId: conversationId(1), text: 'error 721' })).json),
      ).toMatch(/721/);
      rmSync(dataDir, { recursive: true, force: true });
      expect(await status(first.url, '/readyz')).toBe(200);
      const asked = await postTurn(first.url, {
        conversationId: conversationId(1),
        text: 'talk to a person',
      });
      const person = /case/i.test(said(asked.json))
        ? asked
        : await postTurn(first.url, { conversationId: conversationId(1), text: 'yes' });
      expect(said(person.json)).toMatch(/case/i);
      const after = await postTurn(first.url, { conversationId: conversationId(2), text: 'error 809' });
      expect(after.status).toBe(200);
    } finally {
      await first.close();
    }
    // A restart on the same folder finds both conversations.
    const composed = composeBot(loadConfig({ DATA_DIR: dataDir }));
    try {
      expect(await composed.store.get(`web:${conversationId(1)}`)).toBeDefined();
      expect(await composed.store.get(`web:${conversationId(2)}`)).toBeDefined();
      // The case opened after the folder went, and its transcript from before, are in the file too.
      const [opened] = await composed.handoffs.list();
      expect(opened?.lines.map((l) => l.text)).toContain('error 721');
    } finally {
      await composed.close();
    }
  });

  it('while draining for shutdown, readiness is 503', async () => {
    const server = await start({ DATA_DIR: mkdtempSync(join(dir, 'drain-')) });
    const closing = server.close();
    // The listener is closing; a new connection may be refused, which is as good as a 503 to a balancer.
    const answer = await fetch(`${server.url}/readyz`).then(
      (r) => r.status,
      () => 'refused' as const,
    );
    expect([503, 'refused']).toContain(answer);
    await closing;
  });
});

describe('PostgreSQL', () => {
  it('a database recreated empty: the tables are made again on the next call and readiness says ok', async () => {
    const server = await start({ DATABASE_URL: pgDb.url('recreate') });
    const admin = new pg.Client({ connectionString: pgDb.url('admin') });
    await admin.connect();
    try {
      expect(await probes(server.url)).toEqual({ livez: 200, readyz: 200, healthz: 200 });
      await postTurn(server.url, { conversationId: conversationId(3), text: 'error 721' });
      await admin.query(`DROP SCHEMA ${pgDb.schema} CASCADE`);
      await admin.query(`CREATE SCHEMA ${pgDb.schema}`);
      expect(await status(server.url, '/readyz')).toBe(200);
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`,
        [pgDb.schema],
      );
      expect(rows[0]?.n).toBeGreaterThanOrEqual(11);
      const turn = await postTurn(server.url, { conversationId: conversationId(4), text: 'error 809' });
      expect(turn.status).toBe(200);
      expect(said(turn.json)).toMatch(/809/);
    } finally {
      await admin.end();
      await server.close();
    }
  });

  it('a table that cannot be written: readiness is 503 and says the store is down, liveness stays 200', async () => {
    const server = await start({ DATABASE_URL: pgDb.url('readonly') });
    const admin = new pg.Client({ connectionString: pgDb.url('admin2') });
    await admin.connect();
    try {
      expect(await status(server.url, '/readyz')).toBe(200);
      await admin.query(
        `CREATE OR REPLACE FUNCTION ${pgDb.schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full' USING ERRCODE = '53100'; END $$`,
      );
      await admin.query(
        `CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON ${pgDb.schema}.seen_messages FOR EACH ROW EXECUTE FUNCTION ${pgDb.schema}.refuse()`,
      );
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'error', store: 'down' });
      expect(await status(server.url, '/livez')).toBe(200);
      await admin.query(`DROP TRIGGER refuse ON ${pgDb.schema}.seen_messages`);
      expect(await status(server.url, '/readyz')).toBe(200);
    } finally {
      await admin.end();
      await server.close();
    }
  });
});
