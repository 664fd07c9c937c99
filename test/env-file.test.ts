// `.env` as the operator writes it: read at start-up, the environment wins over it, a bad line stops with one clear line.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderWithEnv, freePort, runVpnbot, startServe } from './helpers/spawned-cli.ts';

const settingOf = (out: string, name: string) =>
  (JSON.parse(out).settings as { name: string; value?: string; state: string }[]).find(
    (s) => s.name === name,
  );

describe('vpnbot serve reads .env in the folder it starts in', () => {
  it('PORT from .env is the port the bot answers on', async () => {
    const port = await freePort();
    const dir = folderWithEnv([`PORT=${port}`, 'HOST=127.0.0.1', 'LOG_LEVEL=info']);
    const serve = await startServe(dir, port);
    try {
      expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
      expect(serve.output()).toMatch(new RegExp(`VPN bot ready: web chat at http://localhost:${port}/`));
    } finally {
      await serve.stop();
    }
  }, 90_000);

  it('PORT set in the environment beats the PORT in .env', async () => {
    const [filePort, envPort] = [await freePort(), await freePort()];
    const dir = folderWithEnv([`PORT=${filePort}`, 'HOST=127.0.0.1', 'LOG_LEVEL=silent']);
    const serve = await startServe(dir, envPort, { PORT: String(envPort) });
    try {
      expect((await fetch(`http://127.0.0.1:${envPort}/livez`)).status).toBe(200);
      await expect(fetch(`http://127.0.0.1:${filePort}/livez`)).rejects.toThrow();
    } finally {
      await serve.stop();
    }
  }, 90_000);
});

describe('what vpnbot config reads from .env', () => {
  it('a variable only in .env is used; one also in the environment keeps the environment value', () => {
    const dir = folderWithEnv(['PORT=4215', 'VPN_SERVER_NAME=file.example.com', '# a comment', '']);
    const run = runVpnbot(['config', '--json'], dir, { VPN_SERVER_NAME: 'env.example.com' });
    expect(run.code).toBe(0);
    expect(settingOf(run.out, 'PORT')).toMatchObject({ state: 'set', value: '4215' });
    expect(settingOf(run.out, 'VPN_SERVER_NAME')).toMatchObject({ value: 'env.example.com' });
    expect(JSON.parse(run.out).envFile).toBe(join(dir, '.env'));
  });

  it('ENV_FILE points at a file elsewhere; a missing one, or a folder, stops with exit 2', () => {
    const dir = folderWithEnv(['PORT=4216'], 'vpnbot.env');
    const run = runVpnbot(['config', '--json'], dir, { ENV_FILE: 'vpnbot.env' });
    expect(run.code).toBe(0);
    expect(settingOf(run.out, 'PORT')).toMatchObject({ value: '4216' });
    const missing = runVpnbot(['config'], dir, { ENV_FILE: 'nowhere.env' });
    expect(missing.code).toBe(2);
    expect(missing.err.trim()).toBe(
      `vpnbot: ENV_FILE=nowhere.env: no such file (${join(dir, 'nowhere.env')})`,
    );
    const folder = runVpnbot(['config'], dir, { ENV_FILE: '.' });
    expect(folder.code).toBe(2);
    expect(folder.err).toBe(`vpnbot: ${dir}: not a file\n`);
  });

  it('without a .env the defaults apply', () => {
    const run = runVpnbot(['config', '--json'], folderWithEnv());
    expect(run.code).toBe(0);
    expect(settingOf(run.out, 'PORT')).toMatchObject({ state: 'default', value: '3978' });
  });
});

describe('a malformed .env stops vpnbot with one line naming the file and line, exit 2', () => {
  it.each([
    ['a line without =', ['PORT=4215', 'SLACK_BOT_TOKEN xoxb-secret-value'], 2, 'expected NAME=value'],
    [
      'a quote never closed',
      ['HELPDESK_CONTACT="call us', 'PORT=4215'],
      1,
      'the " opened here is never closed',
    ],
    ['a name with a space', ['LOG LEVEL=info'], 1, 'expected NAME=value'],
  ])('%s', (_case, lines, line, problem) => {
    const dir = folderWithEnv(lines);
    const run = runVpnbot(['config'], dir);
    expect(run.code).toBe(2);
    expect(run.err).toBe(`vpnbot: ${join(dir, '.env')}:${line}: ${problem} (see .env.example)\n`);
    expect(run.err).not.toMatch(/secret-value|call us/);
  });

  it('vpnbot serve does not start on it', () => {
    const dir = folderWithEnv(['PORT=4215', 'oops']);
    const run = runVpnbot(['serve'], dir);
    expect(run.code).toBe(2);
    expect(run.err).toBe(`vpnbot: ${join(dir, '.env')}:2: expected NAME=value (see .env.example)\n`);
  });

  it('a quoted value may run over several lines', () => {
    const dir = folderWithEnv([
      'HELPDESK_CONTACT="Call +1 555 0100',
      'or write to helpdesk@example.com"',
      'PORT=4217',
    ]);
    const run = runVpnbot(['config', '--json'], dir);
    expect(run.code).toBe(0);
    expect(settingOf(run.out, 'PORT')).toMatchObject({ value: '4217' });
    expect(settingOf(run.out, 'HELPDESK_CONTACT')?.value).toBe(
      'Call +1 555 0100\nor write to helpdesk@example.com',
    );
  });
});
