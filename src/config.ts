// Reads and checks the bot's configuration from the environment; bad values fail at start-up naming the variable.
import { z } from 'zod';
import { type AgentToken, parseAgentTokens } from './channels/console/agent-tokens.ts';
import { LOOPBACK_PROXIES, proxyAddressProblems } from './channels/console/trusted-proxies.ts';
import { readTrustProxy, type TrustProxy } from './channels/web/trust-proxy.ts';
import { isTimeZone, parseHours, type Schedule } from './core/business-hours.ts';
import type { OrgFacts } from './core/org-facts.ts';

const optionalText = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();
const optionalUrl = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .pipe(z.url({ protocol: /^https?$/ }).optional())
  .optional();
const commaList = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const VPN_TYPES = ['sstp', 'pptp', 'l2tp', 'ikev2', 'ssl'] as const;

const envSchema = z.object({
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
  WEB_CHAT: z.enum(['on', 'local', 'off']).optional(),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const read = readTrustProxy(v);
      if (read.ok) return read.value;
      ctx.addIssue({ code: 'custom', message: read.error });
      return z.NEVER;
    }),
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_ACCOUNT_SID: optionalText,
  TWILIO_FROM_NUMBER: optionalText,
  TWILIO_API_URL: optionalUrl,
  ESCALATION_SLACK_CHANNEL: optionalText,
  ESCALATION_TEAMS_CHANNEL: optionalText,
  ESCALATION_WEBHOOK_URL: optionalUrl,
  ESCALATION_WEBHOOK_SECRET: optionalText,
  BOTFRAMEWORK_HANDOFF_EVENT: z
    .enum(['on', 'off', 'true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => v === 'on' || v === 'true' || v === '1'),
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
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: optionalText,
  ToBotFromChannelOpenIdMetadataUrl: optionalUrl,
  ToBotFromEmulatorOpenIdMetadataUrl: optionalUrl,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalUrl,
});

/** The checked configuration the server and CLI are composed from. */
export interface Config {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL shared by every instance (DATABASE_URL); undefined = the SQLite file under dataDir. */
  databaseUrl?: string;
  /** A folder with knowledge/, dialogs/ and cards/ that replaces the shipped content; undefined = shipped. */
  contentDir?: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  conversationTtlMs: number;
  /** The bearer token /metrics asks for (METRICS_TOKEN); undefined = loopback callers only. */
  metricsToken?: string;
  org: OrgFacts;
  /** The public https address of this server, for manifests and links (PUBLIC_BASE_URL). */
  publicBaseUrl?: string;
  /**
   * Bot Framework credentials; `appId` undefined means local mode (loopback only). The OpenID metadata URLs
   * (where the keys that sign channel and Emulator tokens are published) default to Microsoft's public cloud.
   */
  teams: {
    appId?: string;
    appPassword?: string;
    appType?: string;
    tenantId?: string;
    channelOpenIdMetadataUrl?: string;
    emulatorOpenIdMetadataUrl?: string;
  };
  /** Who may use the local web chat: anyone (`on`), this machine only (`local`, the default in production), nobody. */
  webChat: 'on' | 'local' | 'off';
  /** Which reverse proxies may name the caller with X-Forwarded-For (TRUST_PROXY), as express's `trust proxy`. */
  trustProxy: TrustProxy;
  /** The help desk's opening hours (parsed from HELPDESK_HOURS, HELPDESK_TZ, HELPDESK_CLOSED). */
  desk: Schedule;
  /** The hours as the admin wrote them, for showing to people. */
  deskHoursText: string;
  /** Escalation: where cases are posted and how the agent console is protected. */
  escalation: {
    slackChannel?: string;
    teamsChannel?: string;
    webhookUrl?: string;
    webhookSecret?: string;
    consoleToken?: string;
    /** Per-agent console sign-in: AGENT_TOKENS, AGENT_IDENTITY_HEADER and AGENT_PROXY_ADDRESSES (default loopback). */
    agentSignIn: { agentTokens: AgentToken[]; identityHeader?: string; proxyAddresses: string[] };
    /** Also send the Bot Framework `handoff.initiate` event on channels that take it (BOTFRAMEWORK_HANDOFF_EVENT). */
    handoffEvent: boolean;
  };
  /** SMS through a Twilio-style provider; on when TWILIO_AUTH_TOKEN is set (PUBLIC_BASE_URL is then required). */
  sms?: { authToken: string; accountSid?: string; fromNumber?: string; apiUrl: string };
  /** Slack credentials; the Slack channel is on when botToken and signingSecret are both set. */
  slack?: { botToken: string; signingSecret: string; appToken?: string; apiUrl?: string };
}

/** Thrown for bad configuration; its message says which variable to set and how, `problems` one `NAME: problem` each. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(
      `Bad configuration; fix these environment variables (see .env.example):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
}

/** Every variable the configuration reads, in the order of .env.example. */
export const SETTING_NAMES: readonly string[] = Object.keys(envSchema.shape);

/** Each variable's value as the schema reads it (defaults filled in); call after loadConfig accepted `env`. */
export function readSettings(env: Record<string, string | undefined>): Record<string, unknown> {
  const parsed = envSchema.safeParse(env);
  return parsed.success ? parsed.data : {};
}

/** Parses `env` (default: process.env) into a Config, or throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';
  if (Boolean(e.SLACK_BOT_TOKEN) !== Boolean(e.SLACK_SIGNING_SECRET))
    problems.push('  SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET: set both to turn Slack on, or neither');
  if (e.SLACK_APP_TOKEN && !e.SLACK_BOT_TOKEN)
    problems.push('  SLACK_APP_TOKEN: Socket Mode also needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
  const hours = parseHours(e.HELPDESK_HOURS);
  if ('problems' in hours) problems.push(`  HELPDESK_HOURS: ${hours.problems.join('; ')}`);
  const timeZone = e.HELPDESK_TZ || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  if (!isTimeZone(timeZone))
    problems.push(`  HELPDESK_TZ: "${timeZone}" is not a time zone (use an IANA name such as Europe/London)`);
  if (e.TWILIO_AUTH_TOKEN && !e.PUBLIC_BASE_URL)
    problems.push(
      '  PUBLIC_BASE_URL: required with TWILIO_AUTH_TOKEN (SMS signatures are checked against the public URL)',
    );
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
    webChat: e.WEB_CHAT ?? (production ? 'local' : 'on'),
    trustProxy: e.TRUST_PROXY,
    desk: {
      windows: 'windows' in hours ? hours.windows : [],
      closed: new Set(e.HELPDESK_CLOSED),
      timeZone,
    },
    deskHoursText: e.HELPDESK_HOURS,
    escalation: {
      slackChannel: e.ESCALATION_SLACK_CHANNEL,
      teamsChannel: e.ESCALATION_TEAMS_CHANNEL,
      webhookUrl: e.ESCALATION_WEBHOOK_URL,
      webhookSecret: e.ESCALATION_WEBHOOK_SECRET,
      consoleToken: e.AGENT_CONSOLE_TOKEN,
      agentSignIn: {
        agentTokens: e.AGENT_TOKENS,
        identityHeader: e.AGENT_IDENTITY_HEADER,
        proxyAddresses: e.AGENT_PROXY_ADDRESSES.length ? e.AGENT_PROXY_ADDRESSES : [...LOOPBACK_PROXIES],
      },
      handoffEvent: e.BOTFRAMEWORK_HANDOFF_EVENT,
    },
    sms: e.TWILIO_AUTH_TOKEN
      ? {
          authToken: e.TWILIO_AUTH_TOKEN,
          accountSid: e.TWILIO_ACCOUNT_SID,
          fromNumber: e.TWILIO_FROM_NUMBER,
          apiUrl: (e.TWILIO_API_URL ?? 'https://api.twilio.com').replace(/\/+$/, ''),
        }
      : undefined,
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    teams: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
      channelOpenIdMetadataUrl: e.ToBotFromChannelOpenIdMetadataUrl,
      emulatorOpenIdMetadataUrl: e.ToBotFromEmulatorOpenIdMetadataUrl,
    },
    slack:
      e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET
        ? {
            botToken: e.SLACK_BOT_TOKEN,
            signingSecret: e.SLACK_SIGNING_SECRET,
            appToken: e.SLACK_APP_TOKEN,
            apiUrl: e.SLACK_API_URL,
          }
        : undefined,
  };
}
