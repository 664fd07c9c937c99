// Databases as the release before schema versions left them (its literal SQL from test/fixtures), with a row in
// every table, and what a database's schema looks like (tables, columns, indexes) for comparing two of them.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { initialState } from '../../src/core/conversation-state.ts';
import { newCase } from '../../src/core/handoff-case.ts';
import { createPgStores } from '../../src/store/pg-stores.ts';
import { createSqliteHandoffStores } from '../../src/store/sqlite-handoff-store.ts';
import { createSqliteOptOutStore } from '../../src/store/sqlite-opt-out-store.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { createSqliteTeamsChannelStore } from '../../src/store/sqlite-teams-channel-store.ts';
import { createPgTestDb, type PgTestDb } from './pg-test-db.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures', name), 'utf8');
/** The previous release's schema, as it created it. */
export const PREVIOUS_RELEASE_SQL = {
  sqlite: fixture('previous-release.sqlite.sql'),
  pg: fixture('previous-release.pg.sql'),
};

/** When the old rows were written. */
export const OLD_AT = Date.UTC(2026, 10, 30, 9);
/** The SMS number the old install had opted out. */
export const OPTED_OUT = '+15550100777';
/** The conversation the old install was in the middle of. */
export const OLD_STATE = { ...initialState(OLD_AT), phase: 'asking' as const, at: 'network', turn: 4 };
/** Its open handoff case. */
export const OLD_CASE = newCase({
  id: 'VPN-7',
  conversationKey: 'web:old',
  channel: 'web',
  address: { id: 'old' },
  summary: { reason: 'asked', codes: [], checks: [], suggested: [] },
  lines: [],
  targets: ['desk'],
  now: OLD_AT,
});
/** Its learned Teams channel. */
export const OLD_CHANNEL = {
  channelId: '19:desk@thread.tacv2',
  teamId: '19:team@thread.tacv2',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  botId: '28:bot',
  learnedAt: OLD_AT,
};

/** One row per table, in the previous release's columns. */
export const OLD_ROWS: [table: string, row: Record<string, unknown>][] = [
  ['conversations', { key: 'web:old', state: JSON.stringify(OLD_STATE), version: 3, updated_at: OLD_AT }],
  ['seen_messages', { id: 'web:old#m-1', at: OLD_AT }],
  [
    'handoff_cases',
    {
      id: 'VPN-7',
      conversation_key: 'web:old',
      status: 'queued',
      data: JSON.stringify(OLD_CASE),
      rev: 1,
      created_at: OLD_AT,
      closed_at: null,
    },
  ],
  [
    'transcript_lines',
    {
      conversation_key: 'web:old',
      at: OLD_AT,
      line: JSON.stringify({ at: OLD_AT, from: 'user', text: 'error 809' }),
    },
  ],
  [
    'outbox',
    {
      kind: 'user',
      payload: JSON.stringify({ channel: 'web', address: { id: 'old' }, replies: [] }),
      attempts: 2,
      next_at: OLD_AT,
      last_error: 'web inbox answered 500',
    },
  ],
  ['mailbox', { key: 'web:old', payload: JSON.stringify({ text: 'Dana: still there?' }), at: OLD_AT }],
  ['reminders', { key: 'web:old', channel: 'web', address: JSON.stringify({ id: 'old' }), next_at: OLD_AT }],
  ['daily_stats', { day: '2026-11-30', metric: 'conversations', key: 'all', count: 5 }],
  [
    'sms_opt_outs',
    { number_hash: createHash('sha256').update(`sms-opt-out:${OPTED_OUT}`).digest('hex'), at: OLD_AT },
  ],
  [
    'teams_channels',
    { channel_id: OLD_CHANNEL.channelId, data: JSON.stringify(OLD_CHANNEL), updated_at: OLD_AT },
  ],
];

/** An install of one kind: where it is, and the SQL to run on it. */
export interface OldInstall {
  kind: 'sqlite' | 'pg';
  /** DATA_DIR or DATABASE_URL, as the bot is started with. */
  env: Record<string, string>;
  /** Runs statements on it outside the bot (`?` placeholders become `$n` on PostgreSQL). */
  sql(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Every store the bot opens on it; on PostgreSQL each `instance` has a pool of its own, as another process would. */
  stores(instance?: string): ReturnType<typeof storesOf>;
  /** Starts the bot's stores on it once (PostgreSQL's connect on first use) and closes them. */
  start(): Promise<void>;
  drop(): Promise<void>;
}

const storesOf = (kind: 'sqlite' | 'pg', where: string) => {
  if (kind === 'pg') {
    const s = createPgStores(where);
    return { ...s, teams: s.teamsChannels };
  }
  const conversations = createSqliteStore(where);
  const handoff = createSqliteHandoffStores(where);
  const optOuts = createSqliteOptOutStore(where);
  return {
    ...handoff,
    conversations,
    optOuts,
    teams: createSqliteTeamsChannelStore(where),
    close: async () => {
      await Promise.all([conversations.close(), handoff.close(), optOuts.close()]);
    },
  };
};

/** A SQLite file or PostgreSQL schema made with `setupSql` (default: the previous release's, with OLD_ROWS in it). */
export async function oldInstall(kind: 'sqlite' | 'pg', setupSql?: string): Promise<OldInstall> {
  const withRows = setupSql === undefined;
  let install: OldInstall;
  if (kind === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'vpnbot-old-'));
    const file = join(dataDir, 'vpnbot.sqlite');
    const run = (text: string, params: unknown[] = []) => {
      const db = new Database(file);
      try {
        const stmt = db.prepare(text);
        if (stmt.reader) return stmt.all(...params) as Record<string, unknown>[];
        stmt.run(...params);
        return [];
      } finally {
        db.close();
      }
    };
    const db = new Database(file);
    db.exec(setupSql ?? PREVIOUS_RELEASE_SQL.sqlite);
    db.close();
    install = {
      kind,
      env: { DATA_DIR: dataDir },
      sql: async (text, params) => run(text, params),
      stores: () => storesOf(kind, file),
      drop: async () => {},
      start: async () => {},
    };
  } else {
    const test: PgTestDb = await createPgTestDb();
    const client = new pg.Client({ connectionString: test.url('setup') });
    await client.connect();
    if (setupSql ?? PREVIOUS_RELEASE_SQL.pg) await client.query(setupSql ?? PREVIOUS_RELEASE_SQL.pg);
    install = {
      kind,
      env: { DATABASE_URL: test.url('bot') },
      sql: async (text, params) => {
        let n = 0;
        return (
          await client.query(
            text.replace(/\?/g, () => `$${++n}`),
            params,
          )
        ).rows;
      },
      stores: (instance = 'bot') => storesOf(kind, test.url(instance)),
      start: async () => {},
      drop: async () => {
        await client.end();
        await test.drop();
      },
    };
  }
  install.start = async () => {
    const s = install.stores();
    try {
      await s.conversations.ping();
    } finally {
      await s.close();
    }
  };
  if (withRows)
    for (const [table, row] of OLD_ROWS) {
      const names = Object.keys(row);
      await install.sql(
        `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
        Object.values(row),
      );
    }
  return install;
}

/** The database's tables with their column names, and its index names (SQLite's automatic ones left out). */
export async function schemaShape(
  install: OldInstall,
): Promise<{ tables: Record<string, string[]>; indexes: string[] }> {
  const tables: Record<string, string[]> = {};
  if (install.kind === 'sqlite') {
    const names = await install.sql(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    for (const { name } of names)
      tables[name as string] = (await install.sql(`SELECT name FROM pragma_table_info('${name}')`))
        .map((c) => c.name as string)
        .sort();
    const indexes = await install.sql(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name",
    );
    return { tables, indexes: indexes.map((i) => i.name as string) };
  }
  const columns = await install.sql(
    'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 2',
  );
  for (const c of columns) {
    const name = c.table_name as string;
    tables[name] = [...(tables[name] ?? []), c.column_name as string];
  }
  const indexes = await install.sql(
    "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey' ORDER BY 1",
  );
  return { tables, indexes: indexes.map((i) => i.indexname as string) };
}
