// The shape of the checked configuration, apart from the code that reads it (src/config.ts), so channels can
// depend on the shape without depending on every channel's settings that the reader gathers.
import type { SettingsReading } from './channels/channel-settings.ts';
import type { AgentToken } from './channels/console/agent-tokens.ts';
import type { TrustProxy } from './channels/web/trust-proxy.ts';
import type { Schedule } from './core/business-hours.ts';
import type { OrgFacts } from './core/org-facts.ts';

/** How much the bot logs (LOG_LEVEL). */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

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
  logLevel: LogLevel;
  conversationTtlMs: number;
  /** The bearer token /metrics asks for (METRICS_TOKEN); undefined = loopback callers only. */
  metricsToken?: string;
  org: OrgFacts;
  /** The public https address of this server, for manifests, links and webhook signatures (PUBLIC_BASE_URL). */
  publicBaseUrl?: string;
  /** Which reverse proxies may name the caller with X-Forwarded-For (TRUST_PROXY), as express's `trust proxy`. */
  trustProxy: TrustProxy;
  /** The help desk's opening hours (parsed from HELPDESK_HOURS, HELPDESK_TZ, HELPDESK_CLOSED). */
  desk: Schedule;
  /** The hours as the admin wrote them, for showing to people. */
  deskHoursText: string;
  /** Escalation: where cases go beyond the channels' own queues, and how the agent console is protected. */
  escalation: {
    webhookUrl?: string;
    webhookSecret?: string;
    consoleToken?: string;
    /** Per-agent console sign-in: AGENT_TOKENS, AGENT_IDENTITY_HEADER and AGENT_PROXY_ADDRESSES (default loopback). */
    agentSignIn: { agentTokens: AgentToken[]; identityHeader?: string; proxyAddresses: string[] };
  };
  /** Each channel's reading of its own settings, by channel name (src/channels/channel-list.ts). */
  channels: Readonly<Record<string, SettingsReading<unknown>>>;
}
