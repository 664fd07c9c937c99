// The real server with every route on at once (web chat, console, Slack, SMS, Bot Framework), each channel's
// outside world stubbed on loopback, and the signatures Slack and the SMS provider put on their requests.
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { type Composed, composeBot, serverDepsOf } from '../../src/app/compose.ts';
import { createLogger } from '../../src/app/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { type ConnectorStub, startConnectorStub } from './connector-stub.ts';
import {
  BOT_TOKEN,
  SIGNING_SECRET,
  type SlackStub,
  slackSignature,
  startSlackStub,
} from './slack-harness.ts';
import { SMS_ENV, type SmsApiStub, startSmsApiStub } from './sms-server.ts';
import { tempDataDir } from './web-server.ts';

/** The bearer token the console API wants on this server. */
export const CONSOLE_TOKEN = 'console-token-0123456789';

/** A running server with every channel on, and the stubs standing in for Slack, the SMS provider and Teams. */
export interface AllRoutesServer {
  /** http://127.0.0.1:<port> */
  url: string;
  composed: Composed;
  server: RunningServer;
  slack: SlackStub;
  sms: SmsApiStub;
  /** The Bot Framework connector; its `url` is the loopback serviceUrl local mode accepts. */
  connector: ConnectorStub;
  stop(): Promise<void>;
}

/**
 * Starts the server on 127.0.0.1 port 0 with a temporary SQLite DATA_DIR, Slack over HTTP, SMS, the agent console
 * behind CONSOLE_TOKEN and Bot Framework in local mode; `env` adds or overrides variables (a DATABASE_URL, an app id).
 */
export async function startAllRoutesServer(env: Record<string, string> = {}): Promise<AllRoutesServer> {
  const [slack, sms, connector] = await Promise.all([
    startSlackStub(),
    startSmsApiStub(),
    startConnectorStub(),
  ]);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: tempDataDir(),
    HELPDESK_TZ: 'UTC',
    LOG_LEVEL: 'silent',
    AGENT_CONSOLE_TOKEN: CONSOLE_TOKEN,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ...SMS_ENV,
    TWILIO_API_URL: sms.url,
    ...env,
  });
  const log = createLogger('silent');
  const composed = composeBot(config, { log });
  const server = await startServer(serverDepsOf(config, composed, log));
  return {
    url: server.url.replace('localhost', '127.0.0.1'),
    composed,
    server,
    slack,
    sms,
    connector,
    stop: async () => {
      await server.close();
      await composed.close();
      await Promise.all([slack.close(), sms.close(), connector.close()]);
    },
  };
}

/** The headers of a Slack request for `body`: its content type, a timestamp (default now) and its v0 signature. */
export function slackHeaders(
  contentType: string,
  body: string,
  opts: { timestamp?: number; secret?: string } = {},
): Record<string, string> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(opts.secret ?? SIGNING_SECRET, timestamp, body),
  };
}

/** A form post to /sms as the provider sends it: the encoded body and its X-Twilio-Signature (signed for `path`). */
export function smsSigned(
  params: Record<string, string>,
  path = '/sms',
): { headers: Record<string, string>; body: string } {
  return {
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': getExpectedTwilioSignature(
        SMS_ENV.TWILIO_AUTH_TOKEN,
        `${SMS_ENV.PUBLIC_BASE_URL}${path}`,
        params,
      ),
    },
    body: new URLSearchParams(params).toString(),
  };
}
