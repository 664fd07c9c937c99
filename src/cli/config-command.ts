// `vpnbot config [--json]`: the settings in effect (environment, then .env, then defaults), grouped, secrets masked,
// and which channels are on or off and why.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { settingsOf } from '../channels/channel.ts';
import { CHANNELS } from '../channels/channel-list.ts';
import { type ChannelStatus, channelStatuses } from '../channels/channel-status.ts';
import { webModule } from '../channels/web/web-module.ts';
import { type Config, ConfigError, loadConfig, readSettings, SETTING_NAMES } from '../config.ts';
import { envFilePath } from './env-file.ts';
import type { CliIo } from './io.ts';

/** One variable as shown: `set` by the operator, a `default` filled in, or `unset`; secrets carry no value. */
export interface SettingView {
  name: string;
  group: string;
  state: 'set' | 'default' | 'unset';
  value?: string;
  secret?: true;
}

const GROUPS: [group: string, matches: (name: string) => boolean][] = [
  [
    'server',
    (n) =>
      n.startsWith('METRICS_') ||
      ['NODE_ENV', 'PORT', 'HOST', 'LOG_LEVEL', 'PUBLIC_BASE_URL', 'TRUST_PROXY', 'CONTENT_DIR'].includes(n),
  ],
  ['desk', (n) => /^(VPN_|PASSWORD_RESET_URL$|HELPDESK_)/.test(n)],
  ...CHANNELS.map(({ label, settings }): [string, (name: string) => boolean] => [
    label,
    (n) => n in settings.schema.shape,
  ]),
  ['handoff', (n) => /^(ESCALATION_|AGENT_)/.test(n)],
  ['storage', (n) => ['DATA_DIR', 'DATABASE_URL'].includes(n)],
  ['limits', (n) => /_TTL_|LIMIT|_MAX/.test(n)],
];
const GROUP_ORDER = [...GROUPS.map(([g]) => g), 'other'];

/** Tokens, passwords and signing secrets: shown only as "set". */
const isSecret = (name: string) => /TOKEN|PASSWORD|SECRET|_KEY$/i.test(name);

const groupOf = (name: string) => GROUPS.find(([, matches]) => matches(name))?.[0] ?? 'other';

/** A URL with its password and query string hidden (a database password, a webhook's key). */
export function maskUrl(text: string): string {
  try {
    const url = new URL(text);
    if (!url.password && !url.search) return text;
    if (url.password) url.password = '****';
    if (url.search) url.search = '?****';
    return url.toString();
  } catch {
    return /:\/\/[^/]*@/.test(text) ? 'set (not shown: it may hold a password)' : text;
  }
}

function show(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : undefined;
  if (value === false) return 'off';
  if (value === true) return 'on';
  const text = String(value);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? maskUrl(text) : text;
}

/** Values the configuration fills in beyond the schema's own defaults. */
function derivedDefaults(config: Config): Record<string, unknown> {
  return {
    WEB_CHAT: settingsOf(config, webModule)?.access ?? 'off',
    HELPDESK_TZ: config.desk.timeZone,
    AGENT_PROXY_ADDRESSES: config.escalation.agentSignIn.proxyAddresses,
  };
}

/** Every variable the configuration reads, as it is in effect for `env`. */
export function settingViews(env: Record<string, string | undefined>, config: Config): SettingView[] {
  const parsed = readSettings(env);
  const derived = derivedDefaults(config);
  return SETTING_NAMES.map((name) => {
    const group = groupOf(name);
    const given = Boolean(env[name]?.trim());
    if (isSecret(name))
      return given ? { name, group, state: 'set', secret: true } : { name, group, state: 'unset' };
    const value = show(given ? parsed[name] : (derived[name] ?? parsed[name]));
    if (value === undefined) return { name, group, state: 'unset' };
    return { name, group, state: given ? 'set' : 'default', value };
  });
}

function text(views: SettingView[], channels: ChannelStatus[], envFile: string | null): string {
  const width = Math.max(...views.map((v) => v.name.length)) + 2;
  const lines = [
    `Settings in effect: the environment, then ${envFile ?? 'a .env file (none here)'}, then the defaults.`,
    '',
    'channels',
    ...channels.map((c) => `  ${c.channel}: ${c.on ? 'on' : 'off'} — ${c.why}`),
  ];
  for (const group of GROUP_ORDER) {
    const rows = views.filter((v) => v.group === group);
    if (!rows.length) continue;
    lines.push('', group);
    for (const v of rows) {
      const shown =
        v.state === 'unset'
          ? 'unset'
          : v.secret
            ? 'set'
            : v.state === 'default'
              ? `${v.value} (default)`
              : v.value;
      lines.push(`  ${v.name.padEnd(width)}${shown}`);
    }
  }
  return lines.join('\n');
}

/** Prints the settings (`--json` for scripts); 0 when the configuration is good, 2 with `NAME: problem` lines when not. */
export async function configCommand(args: string[], io: CliIo): Promise<number> {
  let json: boolean | undefined;
  try {
    ({ json } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true }).values);
  } catch (err) {
    io.err(`vpnbot config: ${(err as Error).message}\nUsage: vpnbot config [--json]`);
    return 2;
  }
  const envFile = existsSync(envFilePath()) ? envFilePath() : null;
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    if (json) io.out(JSON.stringify({ ok: false, envFile, problems: err.problems }, null, 2));
    else io.err(['Bad configuration (see .env.example):', ...err.problems].join('\n'));
    return 2;
  }
  const views = settingViews(process.env, config);
  const channels = channelStatuses(config);
  if (json)
    io.out(
      JSON.stringify(
        { ok: true, envFile, production: config.production, channels, settings: views },
        null,
        2,
      ),
    );
  else io.out(text(views, channels, envFile));
  return 0;
}
