// `npx vpnbot config` as an operator runs it: the settings in effect, grouped, no secret ever printed, channels explained.
import { describe, expect, it } from 'vitest';
import { folderWithEnv, runVpnbot } from './helpers/spawned-cli.ts';

const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-secret-bot-token',
  SLACK_SIGNING_SECRET: 'secret-signing-0123',
  MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
  MicrosoftAppPassword: 'secret-app-password',
  TWILIO_AUTH_TOKEN: 'secret-twilio-token',
  AGENT_TOKENS: 'Alice:secret-alice-token-0123456789',
  ESCALATION_WEBHOOK_URL: 'https://tickets.example.com/hook?key=secret-query-key',
  ESCALATION_WEBHOOK_SECRET: 'secret-webhook-key',
  DATABASE_URL: 'postgres://vpnbot:secret-db-password@db.internal:5432/vpnbot',
  PUBLIC_BASE_URL: 'https://vpnbot.example.com',
};

const config = (env: Record<string, string>, args: string[] = []) =>
  runVpnbot(['config', ...args], folderWithEnv(), env);

describe('vpnbot config', () => {
  it('shows every group, the values in effect and where a default was used', () => {
    const run = config({ PORT: '4215', VPN_SERVER_NAME: 'vpn.example.com' });
    expect(run.code).toBe(0);
    const headings = run.out.split('\n').filter((l) => /^\S/.test(l) && !l.startsWith('Settings'));
    expect(headings).toEqual([
      'channels',
      'server',
      'desk',
      'Teams',
      'Slack',
      'SMS',
      'voice line',
      'web chat',
      'handoff',
      'storage',
      'limits',
    ]);
    expect(run.out).toMatch(/^ {2}PORT +4215$/m);
    expect(run.out).toMatch(/^ {2}HOST +0\.0\.0\.0 \(default\)$/m);
    expect(run.out).toMatch(/^ {2}VPN_SERVER_NAME +vpn\.example\.com$/m);
    expect(run.out).toMatch(/^ {2}HELPDESK_CONTACT +unset$/m);
    expect(run.out).toMatch(/^ {2}CONVERSATION_TTL_HOURS +24 \(default\)$/m);
  });

  it('never prints a token, password, signing secret or the password in a database URL', () => {
    const run = config(SECRETS);
    expect(run.code).toBe(0);
    expect(run.out).not.toMatch(/secret-/);
    expect(run.out).toMatch(/^ {2}SLACK_BOT_TOKEN +set$/m);
    expect(run.out).toMatch(/^ {2}MicrosoftAppPassword +set$/m);
    expect(run.out).toMatch(/^ {2}AGENT_TOKENS +set$/m);
    expect(run.out).toMatch(/^ {2}DATABASE_URL +postgres:\/\/vpnbot:\*\*\*\*@db\.internal:5432\/vpnbot$/m);
    expect(run.out).toMatch(/^ {2}ESCALATION_WEBHOOK_URL +https:\/\/tickets\.example\.com\/hook\?\*\*\*\*$/m);
    const json = config(SECRETS, ['--json']);
    expect(json.out).not.toMatch(/secret-/);
  });

  it.each<[string, Record<string, string>, string[]]>([
    [
      'nothing set',
      {},
      [
        'Teams: on — local mode, loopback callers only (Emulator, Agents Playground): MicrosoftAppId unset',
        'Slack: off — SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET unset',
        'SMS: off — TWILIO_AUTH_TOKEN unset',
        'web chat: on — anyone who can reach the port (WEB_CHAT unset or on)',
      ],
    ],
    [
      'a Slack-only desk in production',
      { NODE_ENV: 'production', SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 'y' },
      [
        'Teams: off — MicrosoftAppId unset (required with NODE_ENV=production)',
        'Slack: on — SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET set: events at /slack/events',
        'web chat: on — this machine only (WEB_CHAT=local, the default with NODE_ENV=production)',
      ],
    ],
    [
      'production with an app id but no password',
      { NODE_ENV: 'production', MicrosoftAppId: 'a' },
      ['Teams: off — MicrosoftAppPassword unset (required with NODE_ENV=production)'],
    ],
    [
      'production, no app id, and a Teams escalation channel',
      { NODE_ENV: 'production', ESCALATION_TEAMS_CHANNEL: '19:abc@thread.tacv2' },
      [
        'Teams: off — MicrosoftAppId unset (required with NODE_ENV=production); cases for ESCALATION_TEAMS_CHANNEL cannot be posted',
      ],
    ],
    [
      'Teams with credentials, SMS without a number to text from, web chat off',
      {
        MicrosoftAppId: 'a',
        MicrosoftAppPassword: 'p',
        TWILIO_AUTH_TOKEN: 't',
        PUBLIC_BASE_URL: 'https://bot.example.com',
        WEB_CHAT: 'off',
      },
      [
        'Teams: on — MicrosoftAppId set: Bot Framework tokens are checked',
        'SMS: on — TWILIO_AUTH_TOKEN set: webhook at /sms; agents cannot text back until TWILIO_ACCOUNT_SID and TWILIO_FROM_NUMBER are set',
        'web chat: off — WEB_CHAT=off',
      ],
    ],
  ])('with %s, says which channels are on and why', (_case, env, lines) => {
    const run = config(env);
    expect(run.code).toBe(0);
    for (const line of lines) expect(run.out).toContain(`\n  ${line}\n`);
  });

  it('--json gives scripts the channels and every setting', () => {
    const run = config({ NODE_ENV: 'production', SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 'y' }, [
      '--json',
    ]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.out);
    expect(out).toMatchObject({ ok: true, production: true, envFile: null });
    expect(out.channels.map((c: { channel: string; on: boolean }) => [c.channel, c.on])).toEqual([
      ['Teams', false],
      ['Slack', true],
      ['SMS', false],
      ['voice line', false],
      ['web chat', true],
      ['agent console', true],
    ]);
    expect(out.settings).toContainEqual({
      name: 'SLACK_BOT_TOKEN',
      group: 'Slack',
      state: 'set',
      secret: true,
    });
    expect(out.settings).toContainEqual({ name: 'PORT', group: 'server', state: 'default', value: '3978' });
    expect(out.settings).toContainEqual({ name: 'TWILIO_AUTH_TOKEN', group: 'SMS', state: 'unset' });
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['a port that is not a number', { PORT: 'abc' }, ['PORT: Invalid input: expected number, received NaN']],
    [
      'half the Slack settings and a bad zone',
      { SLACK_BOT_TOKEN: 'x', HELPDESK_TZ: 'Mars/Olympus' },
      [
        'SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET: set both to turn Slack on, or neither',
        'HELPDESK_TZ: "Mars/Olympus" is not a time zone (use an IANA name such as Europe/London)',
      ],
    ],
  ])('with %s, prints NAME: problem lines and exits 2', (_case, env, problems) => {
    const run = config(env);
    expect(run.code).toBe(2);
    expect(run.err).toBe(['Bad configuration (see .env.example):', ...problems, ''].join('\n'));
    const json = config(env, ['--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toEqual({ ok: false, envFile: null, problems });
  });

  it('refuses an unknown option with exit 2', () => {
    const run = config({}, ['--yaml']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/Usage: vpnbot config \[--json\]/);
  });
});
