// Moving a SQLite install to PostgreSQL with `vpnbot export` and `vpnbot import`, as an operator would: the bot on
// PostgreSQL then sees the open case, resumes the conversations, keeps the opt-outs and sends the reminders;
// importing twice adds nothing, and a file with bad lines is refused whole, each bad line named.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBot } from '../src/app/compose.ts';
import { readExport } from '../src/cli/import-command.ts';
import { loadConfig } from '../src/config.ts';
import type { Input } from '../src/core/engine.ts';
import { createPgStores } from '../src/store/pg-stores.ts';
import { createSqliteOptOutStore } from '../src/store/sqlite-opt-out-store.ts';
import { createPgTestDb, type PgTestDb } from './helpers/pg-test-db.ts';
import { folderWithEnv, runVpnbot } from './helpers/spawned-cli.ts';
import { tempDataDir } from './helpers/web-server.ts';

const HOURS = {
  HELPDESK_HOURS: 'Mon-Sun 00:00-24:00',
  HELPDESK_TZ: 'UTC',
  AGENT_TOKENS: 'Dana:a-long-agent-token-0123456789',
};
const say = (text: string): Input => ({ kind: 'text', text });
const NUMBER = '+15550100999';
const REMIND_AT = Date.UTC(2026, 11, 7, 9);

let pgDb: PgTestDb;
const cwd = folderWithEnv();
const dataDir = tempDataDir();
const file = join(cwd, 'vpnbot-export.jsonl');
beforeAll(async () => {
  pgDb = await createPgTestDb();
  // A SQLite install in use: one user handed to a person, one mid-triage, an SMS opt-out, a reminder.
  const bot = composeBot(loadConfig({ ...HOURS, DATA_DIR: dataDir }));
  await bot.bot.handle('web:handed', say('error 809'), 'h-1');
  await bot.bot.handle('web:handed', say('talk to a person'), 'h-2');
  await bot.bot.handle('web:midway', say('error 721'), 'm-1');
  await bot.handoffStores.reminders.subscribe('web:midway', {
    channel: 'web',
    address: { id: 'midway' },
    nextAt: REMIND_AT,
  });
  const optOuts = createSqliteOptOutStore(join(dataDir, 'vpnbot.sqlite'));
  await optOuts.optOut(NUMBER, Date.now());
  await optOuts.close();
  await bot.close();
});
afterAll(async () => {
  await pgDb?.drop();
});

const onSqlite = () => composeBot(loadConfig({ ...HOURS, DATA_DIR: dataDir }));

describe('moving a SQLite install to PostgreSQL', () => {
  it('export writes every table to a new private file; import puts it in PostgreSQL, where the bot sees it all', async () => {
    const exported = runVpnbot(['export', '--out', file], cwd, { DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    expect(exported.code).toBe(0);
    expect(exported.err).toMatch(/^ {2}handoff_cases +1$/m);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const imported = runVpnbot(['import', file], cwd, { DATABASE_URL: pgDb.url('cli'), LOG_LEVEL: 'silent' });
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^ {2}handoff_cases +1 added, 0 already there/m);
    expect(imported.out).toMatch(/^ {2}reminders +1 added, 0 already there/m);

    const before = onSqlite();
    const [handedBefore, midwayBefore] = [
      await before.store.get('web:handed'),
      await before.store.get('web:midway'),
    ];
    const casesBefore = await before.handoffStores.cases.list(0);
    await before.close();

    const pg = createPgStores(pgDb.url('check'));
    try {
      expect(casesBefore).toHaveLength(1);
      expect(await pg.cases.list(0)).toEqual(casesBefore);
      expect(await pg.cases.openFor('web:handed')).toEqual(casesBefore[0]);
      expect(await pg.conversations.get('web:handed')).toEqual(handedBefore);
      expect(await pg.conversations.get('web:midway')).toEqual(midwayBefore);
      expect(await pg.optOuts.isOptedOut(NUMBER)).toBe(true);
      expect(await pg.reminders.due(REMIND_AT, 10)).toMatchObject([
        { key: 'web:midway', address: { id: 'midway' } },
      ]);
      expect((await pg.transcripts.recent('web:handed', 50)).length).toBeGreaterThan(0);
    } finally {
      await pg.close();
    }

    // The bot on PostgreSQL carries on where the SQLite one was: the next turn is a new version of the same state.
    const moved = composeBot(loadConfig({ ...HOURS, DATABASE_URL: pgDb.url('bot') }));
    try {
      const retried = await moved.bot.handle('web:midway', say('error 721'), 'm-1');
      expect(retried.duplicate).toBe(true);
      await moved.bot.handle('web:midway', say('yes'), 'm-2');
      expect((await moved.store.get('web:midway'))?.version).toBe((midwayBefore?.version ?? 0) + 1);
      // Imported rows kept their ids; new ones are numbered after them.
      const kept = await moved.handoffStores.transcripts.recent('web:handed', 50);
      const line = { at: Date.now(), from: 'user' as const, text: 'still there?' };
      await moved.handoffStores.transcripts.append('web:handed', [line]);
      expect(await moved.handoffStores.transcripts.recent('web:handed', 50)).toEqual([...kept, line]);
    } finally {
      await moved.close();
    }
  });

  it('importing the same file again adds nothing and keeps what is there', () => {
    const again = runVpnbot(['import', file], cwd, { DATABASE_URL: pgDb.url('cli'), LOG_LEVEL: 'silent' });
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^ {2}conversations +0 added, 2 already there \(kept as it was\)$/m);
    expect(again.out).toMatch(/^ {2}handoff_cases +0 added, 1 already there/m);
    expect(again.out).not.toMatch(/[1-9]\d* added/);
  });

  it('export never writes over a file', () => {
    const run = runVpnbot(['export', '--out', file], cwd, { DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    expect(run.code).toBe(1);
    expect(run.err).toContain('already exists; an export never writes over a file, so give a new name');
  });
});

const HEADER =
  '{"vpnbot":"export","format":1,"schema":4,"exportedAt":"2026-12-01T19:00:00.000Z","from":"sqlite"}';
const state = JSON.stringify({ phase: 'asking' });

describe('what import refuses, line by line', () => {
  it.each([
    ['not JSON', '{"table": "conversations", "row": ', 'line 2: not JSON'],
    ['an unknown table', '{"table":"users","row":{}}', 'line 2: unknown table "users"'],
    [
      'a lease (never exported)',
      '{"table":"handoff_case_leases","row":{}}',
      'line 2: unknown table "handoff_case_leases"',
    ],
    [
      'an unknown column',
      `{"table":"sms_opt_outs","row":{"number_hash":"ab","at":1,"number":"+1555"}}`,
      'line 2: sms_opt_outs: no column number',
    ],
    [
      'a missing column',
      `{"table":"conversations","row":{"key":"web:a","version":1,"updated_at":1}}`,
      'line 2: conversations: state is missing',
    ],
    [
      'state that is not JSON',
      `{"table":"conversations","row":{"key":"web:a","state":"{oops","version":1,"updated_at":1}}`,
      'line 2: conversations: state must be text holding JSON',
    ],
    [
      'a time that is not a whole number',
      `{"table":"conversations","row":{"key":"web:a","state":${JSON.stringify(state)},"version":1,"updated_at":"yesterday"}}`,
      'line 2: conversations: updated_at must be a whole number',
    ],
    [
      'a version too large for its column',
      `{"table":"conversations","row":{"key":"web:a","state":${JSON.stringify(state)},"version":2147483648,"updated_at":1}}`,
      'line 2: conversations: version must be a whole number from -2147483647 to 2147483647',
    ],
    [
      'a NUL character, which PostgreSQL cannot keep',
      `{"table":"sms_opt_outs","row":{"number_hash":"ab\\u0000cd","at":1}}`,
      'line 2: sms_opt_outs: number_hash holds a NUL character',
    ],
    [
      'a flag that is not true or false',
      `{"table":"seen_messages","row":{"id":"web:a#1","at":1,"delivered":"yes"}}`,
      'line 2: seen_messages: delivered must be true or false',
    ],
    [
      'an empty key',
      `{"table":"sms_opt_outs","row":{"number_hash":null,"at":1}}`,
      'line 2: sms_opt_outs: number_hash may not be empty',
    ],
  ])('%s → %s', (_what, line, problem) => {
    expect(readExport(`${HEADER}\n${line}\n`)).toEqual({ problems: [problem] });
  });

  it.each([
    ['an empty file', '', 'the file is empty'],
    [
      'a file without the header',
      '{"table":"conversations","row":{}}',
      'line 1: the first line is not the header `vpnbot export` writes',
    ],
    [
      "a newer release's export",
      HEADER.replace('"schema":4', '"schema":9'),
      'line 1: the file was written at schema version 9, newer than this release knows (4): import it with that release',
    ],
  ])('%s → %s', (_what, text, problem) => {
    expect(readExport(text)).toEqual({ problems: [problem] });
  });

  it('a file with a bad line imports nothing, and names every bad line', async () => {
    const good = `{"table":"sms_opt_outs","row":{"number_hash":"${'a'.repeat(64)}","at":1}}`;
    const bad = join(cwd, 'bad.jsonl');
    writeFileSync(bad, [HEADER, good, '', 'garbage', good.replace('"at":1', '"at":-1.5'), ''].join('\n'));
    const fresh = await createPgTestDb();
    try {
      const run = runVpnbot(['import', bad], cwd, { DATABASE_URL: fresh.url('cli'), LOG_LEVEL: 'silent' });
      expect(run.code).toBe(1);
      expect(run.err).toBe(
        [
          'vpnbot import: nothing imported; fix these lines and run it again:',
          '  line 4: not JSON',
          '  line 5: sms_opt_outs: at must be a whole number',
          '',
        ].join('\n'),
      );
      expect(await fresh.admin(`SELECT to_regclass('${fresh.schema}.sms_opt_outs') AS t`)).toEqual([
        { t: null },
      ]);
    } finally {
      await fresh.drop();
    }
  });
});
