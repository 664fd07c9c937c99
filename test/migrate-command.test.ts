// `npx vpnbot migrate status|up` as an operator runs it against the configured store, and `vpnbot serve` refusing a
// database a newer release has upgraded.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type OldInstall, oldInstall } from './helpers/old-install.ts';
import { folderWithEnv, freePort, runVpnbot } from './helpers/spawned-cli.ts';
import { tempDataDir } from './helpers/web-server.ts';

const cwd = folderWithEnv();
const made: OldInstall[] = [];
afterAll(async () => {
  for (const i of made) await i.drop();
});
const install = async (kind: 'sqlite' | 'pg') => {
  const i = await oldInstall(kind);
  made.push(i);
  return i;
};
const vpnbot = (args: string[], env: Record<string, string>) =>
  runVpnbot(args, cwd, { ...env, LOG_LEVEL: 'silent' });

const PENDING = [
  'Pending (applied when the bot starts, or now by `npx vpnbot migrate up`):',
  '    2  a platform message mark keeps its replies and whether they were delivered',
  '    3  undelivered outbox messages are kept as dead letters',
  '    4  SQLite indexes the purged and listed tables by time, as PostgreSQL did',
];

describe.each(['sqlite', 'pg'] as const)('on an install of the previous release (%s)', (kind) => {
  it('status names the version its tables show and what is pending; up applies it; status then says up to date', async () => {
    const old = await install(kind);
    const where =
      kind === 'sqlite' ? `SQLite file ${join(old.env.DATA_DIR as string, 'vpnbot.sqlite')}` : 'PostgreSQL ';

    const before = vpnbot(['migrate', 'status'], old.env);
    expect(before.code).toBe(0);
    expect(before.out.split('\n')).toEqual([
      expect.stringContaining(`Store: ${where}`),
      'Schema version: 1 of 4 (tables made before schema versions: what they hold matches version 1)',
      ...PENDING,
      '',
    ]);

    const up = vpnbot(['migrate', 'up'], old.env);
    expect(up.code).toBe(0);
    expect(up.out.split('\n').slice(1)).toEqual([
      'Applied:',
      ...PENDING.slice(1),
      'Schema version: 4 of 4, up to date',
      '',
    ]);

    const after = vpnbot(['migrate', 'status'], old.env);
    expect(after.out).toMatch(/^Schema version: 4 of 4, up to date$/m);
    expect(after.out).toMatch(
      /^ {4}1 {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}the tables, as the release before schema versions made them$/m,
    );
    expect(after.out).not.toContain('Pending');
    expect(vpnbot(['migrate', 'up'], old.env).out).toContain('Nothing to apply.');
  });

  it('a database a newer release has upgraded: status and serve refuse it, naming the store', async () => {
    const old = await install(kind);
    await old.start();
    await old.sql('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
      7,
      'a later change',
      Date.now(),
    ]);
    const refusal =
      'the database is at schema version 7 ("a later change"), newer than this release of vpnbot knows (up to 4): ' +
      'run the release that upgraded it, or restore a backup taken before';
    const status = vpnbot(['migrate', 'status'], old.env);
    expect(status.code).toBe(1);
    expect(status.err).toContain(refusal);
    const serve = vpnbot(['serve'], { ...old.env, PORT: String(await freePort()), HOST: '127.0.0.1' });
    expect(serve.code).toBe(1);
    expect(serve.err).toMatch(
      /^vpnbot serve: (SQLite file|PostgreSQL) .+: the database is at schema version 7/m,
    );
  });
});

describe('vpnbot migrate, otherwise', () => {
  it('status on a data folder with no database yet says so and makes none', () => {
    const dataDir = join(tempDataDir(), 'not-yet');
    const run = vpnbot(['migrate', 'status'], { DATA_DIR: dataDir });
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      'Schema version: none yet (no tables); all 4 migrations run when the bot first starts',
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it.each([
    [[], 2, 'vpnbot migrate: say what to do\nUsage: vpnbot migrate status|up'],
    [['down'], 2, 'vpnbot migrate: unknown action "down"\nUsage: vpnbot migrate status|up'],
    [['up', 'now'], 2, 'vpnbot migrate: unknown action "up now"\nUsage: vpnbot migrate status|up'],
  ])('migrate %j → exit %i: %s', (args, code, err) => {
    const run = vpnbot(['migrate', ...args], { DATA_DIR: tempDataDir() });
    expect(run.code).toBe(code);
    expect(run.err.trim()).toBe(err);
  });

  it('a PostgreSQL that does not answer: exit 1, the password not shown', async () => {
    const port = await freePort();
    const run = vpnbot(['migrate', 'status'], {
      DATABASE_URL: `postgres://vpnbot:hunter2@127.0.0.1:${port}/vpnbot`,
    });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /^vpnbot migrate: PostgreSQL postgres:\/\/vpnbot:\*\*\*\*@127\.0\.0\.1:\d+\/vpnbot: .*ECONNREFUSED/,
    );
    expect(run.err).not.toContain('hunter2');
  });
});
