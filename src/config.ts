// Reads and checks the bot's configuration from the environment; bad values fail at start-up naming the variable.
import * as z from 'zod';
import { CHANNELS } from './channels/channel-list.ts';
import type { SettingsReading } from './channels/channel-settings.ts';
import { parseAgentTokens } from './channels/console/agent-tokens.ts';
import { LOOPBACK_PROXIES, proxyAddressProblems } from './channels/console/trusted-proxies.ts';
import { readTrustProxy } from './channels/web/trust-proxy.ts';
import { commaList, optionalText, optionalUrl } from './config-fields.ts';
import type { Config } from './config-types.ts';
import { isTimeZone, parseHours } from './core/business-hours.ts';

const VPN_TYPES = ['sstp', 'pptp', 'l2tp', 'ikev2', 'ssl'] as const;

const coreSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .trim()
    .transform((v) => v || undefined)
    .pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres://… URL')
        .optional(),
    )
    .optional(),
  CONTENT_DIR: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONVERSATION_TTL_HOURS: z.coerce.number().positive().default(24),
  METRICS_TOKEN: optionalText,
  VPN_SERVER_NAME: optionalText,
  VPN_CLIENT_DOWNLOAD_URL: optionalUrl,
  VPN_ACCESS_REQUEST_URL: optionalUrl,
  PASSWORD_RESET_URL: optionalUrl,
  HELPDESK_CONTACT: optionalText,
  HELPDESK_HOURS: z.string().trim().default('Mon-Fri 09:00-17:00'),
  HELPDESK_TZ: z.string().trim().optional(),
  HELPDESK_CLOSED: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates as YYYY-MM-DD, comma-separated'))),
  AGENT_CONSOLE_TOKEN: optionalText,
  AGENT_TOKENS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return [];
      const parsed = parseAgentTokens(v);
      if ('tokens' in parsed) return parsed.tokens;
      for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }),
  AGENT_IDENTITY_HEADER: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, 'a header name such as X-Forwarded-User')
      .refine((h) => !['authorization', 'host', 'cookie'].includes(h.toLowerCase()), 'a header of its own')
      .optional(),
  ),
  AGENT_PROXY_ADDRESSES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const entries = commaList(v);
      for (const message of proxyAddressProblems(entries)) ctx.addIssue({ code: 'custom', message });
      return entries;
    }),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const read = readTrustProxy(v);
      if (read.ok) return read.value;
      ctx.addIssue({ code: 'custom', message: read.error });
      return z.NEVER;
    }),
  ESCALATION_WEBHOOK_URL: optionalUrl,
  ESCALATION_WEBHOOK_SECRET: optionalText,
  VPN_TYPES: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(VPN_TYPES))),
  PUBLIC_BASE_URL: optionalUrl,
});

export type { Config, LogLevel } from './config-types.ts';

/** Thrown for bad configuration; its message says which variable to set and how, `problems` one `NAME: problem` each. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(
      `Bad configuration; fix these environment variables (see .env.example):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
}

/** Every variable the configuration reads: the core ones, then each channel's own (.env.example keeps this order). */
export const SETTING_NAMES: readonly string[] = [
  ...new Set([
    ...Object.keys(coreSchema.shape),
    ...CHANNELS.flatMap((channel) => Object.keys(channel.settings.schema.shape)),
  ]),
];

/** `NAME: problem` for each issue zod found. */
const issuesOf = (error: z.ZodError): string[] =>
  error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);

/** Each variable's value as the schemas read it (defaults filled in); call after loadConfig accepted `env`. */
export function readSettings(env: Record<string, string | undefined>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const schema of [coreSchema, ...CHANNELS.map((c) => c.settings.schema)]) {
    const parsed = schema.safeParse(env);
    if (parsed.success) Object.assign(values, parsed.data);
  }
  return values;
}

/** Each channel's settings read by its own schema, or the problems found in them. */
function readChannels(
  env: Record<string, string | undefined>,
  shared: { production: boolean; publicBaseUrl?: string },
): { readings: Record<string, SettingsReading<unknown>>; problems: string[] } {
  const readings: Record<string, SettingsReading<unknown>> = {};
  const problems: string[] = [];
  for (const { name, settings } of CHANNELS) {
    const parsed = settings.schema.safeParse(env);
    if (!parsed.success) {
      problems.push(...issuesOf(parsed.error));
      continue;
    }
    const reading = settings.read(parsed.data, shared);
    problems.push(...(reading.problems ?? []));
    readings[name] = reading;
  }
  return { readings, problems };
}

/** Parses `env` (default: process.env) into a Config, or throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = coreSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(issuesOf(parsed.error));
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const publicBaseUrl = e.PUBLIC_BASE_URL?.replace(/\/+$/, '');
  const channels = readChannels(env, { production, publicBaseUrl });
  const problems: string[] = [...channels.problems];
  const hours = parseHours(e.HELPDESK_HOURS);
  if ('problems' in hours) problems.push(`  HELPDESK_HOURS: ${hours.problems.join('; ')}`);
  if (e.HELPDESK_TZ && !isTimeZone(e.HELPDESK_TZ))
    problems.push(
      `  HELPDESK_TZ: "${e.HELPDESK_TZ}" is not a time zone (use an IANA name such as Europe/London)`,
    );
  // The desk's zone (HELPDESK_TZ, else the machine's, which Intl is asked for only when first needed: it loads slowly).
  let deskZone: string | undefined;
  if (e.ESCALATION_WEBHOOK_URL && !e.ESCALATION_WEBHOOK_SECRET)
    problems.push(
      '  ESCALATION_WEBHOOK_SECRET: required with ESCALATION_WEBHOOK_URL (the body is signed with it)',
    );
  if (e.AGENT_TOKENS.length && e.AGENT_CONSOLE_TOKEN)
    problems.push(
      '  AGENT_CONSOLE_TOKEN: set it or AGENT_TOKENS, not both (a shared token would let anyone act as any agent)',
    );
  if (e.AGENT_PROXY_ADDRESSES.length && !e.AGENT_IDENTITY_HEADER)
    problems.push('  AGENT_PROXY_ADDRESSES: only used with AGENT_IDENTITY_HEADER; set that header too');
  if (problems.length) throw new ConfigError(problems.map((p) => p.trim()));
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    contentDir: e.CONTENT_DIR,
    logLevel: e.LOG_LEVEL,
    conversationTtlMs: e.CONVERSATION_TTL_HOURS * 3_600_000,
    metricsToken: e.METRICS_TOKEN,
    org: {
      vpnServer: e.VPN_SERVER_NAME,
      clientDownloadUrl: e.VPN_CLIENT_DOWNLOAD_URL,
      accessRequestUrl: e.VPN_ACCESS_REQUEST_URL,
      passwordResetUrl: e.PASSWORD_RESET_URL,
      helpdesk: e.HELPDESK_CONTACT,
      vpnTypes: e.VPN_TYPES,
    },
    trustProxy: e.TRUST_PROXY,
    desk: {
      windows: 'windows' in hours ? hours.windows : [],
      closed: new Set(e.HELPDESK_CLOSED),
      get timeZone() {
        deskZone ??= e.HELPDESK_TZ || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
        return deskZone;
      },
    },
    deskHoursText: e.HELPDESK_HOURS,
    escalation: {
      webhookUrl: e.ESCALATION_WEBHOOK_URL,
      webhookSecret: e.ESCALATION_WEBHOOK_SECRET,
      consoleToken: e.AGENT_CONSOLE_TOKEN,
      agentSignIn: {
        agentTokens: e.AGENT_TOKENS,
        identityHeader: e.AGENT_IDENTITY_HEADER,
        proxyAddresses: e.AGENT_PROXY_ADDRESSES.length ? e.AGENT_PROXY_ADDRESSES : [...LOOPBACK_PROXIES],
      },
    },
    publicBaseUrl,
    channels: channels.readings,
  };
}
