// The one HTTP server: health, the local web chat, and (as they arrive) the Teams, Slack and SMS routes.
import type { Server } from 'node:http';
import express, { type Express } from 'express';
import type { Bot } from './app/create-bot.ts';
import type { HandoffService } from './app/handoff-contracts.ts';
import type { Logger } from './app/logger.ts';
import type { Metrics } from './app/metrics.ts';
import { createAgentConsoleRouter } from './channels/console/agent-console-router.ts';
import { createErrorHandler } from './channels/http-errors.ts';
import { createMetricsRouter } from './channels/metrics-router.ts';
import { createRequestLog } from './channels/request-log.ts';
import { createSlackChannelFromConfig, type SlackChannel } from './channels/slack/create-slack-channel.ts';
import { createSmsChannelFromConfig, type SmsChannel } from './channels/sms/create-sms-channel.ts';
import { createTeamsChannel } from './channels/teams/teams-channel.ts';
import { BOT_FRAMEWORK_USER_CHANNEL, TEAMS_USER_CHANNEL } from './channels/teams/teams-user-channel.ts';
import { createWebChatRouter } from './channels/web/web-chat-router.ts';
import { createWebUserChannel } from './channels/web/web-inbox.ts';
import type { Config } from './config.ts';
import { createHealth, type Health } from './health-router.ts';
import type { ConversationStore } from './store/conversation-store.ts';
import type { Mailbox, Outbox, StatsStore } from './store/handoff-store.ts';

/** What the server is built from. */
export interface ServerDeps {
  config: Config;
  bot: Bot;
  store: ConversationStore;
  log: Logger;
  /** The handoff service; when present the agent console is served at /agent. */
  handoffs?: HandoffService;
  /** Where web chat users' messages wait between polls (agent replies during a handoff). */
  mailbox?: Mailbox;
  /** The daily counters the console's insights read. */
  stats?: StatsStore;
  /** The delivery outbox, whose undelivered messages the agent console lists. */
  outbox?: Outbox;
  /** The Slack channel; by default built from config (on when SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET are set). */
  slack?: SlackChannel;
  /** The SMS channel; by default built from config (on when TWILIO_AUTH_TOKEN is set). */
  sms?: SmsChannel;
  /** The liveness and readiness probes; by default built on `store`. */
  health?: Health;
  /** The bot's metrics; when present they are served at /metrics (METRICS_TOKEN or loopback only). */
  metrics?: Metrics;
}

/** A running server. */
export interface RunningServer {
  app: Express;
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The express app with every enabled route; no port is opened. */
export function createApp({
  config,
  bot,
  store,
  log,
  handoffs,
  mailbox,
  stats,
  outbox,
  health,
  metrics,
  slack = createSlackChannelFromConfig({ config, bot, log }),
  sms = createSmsChannelFromConfig({ config, bot, store, log, handoffs }),
}: ServerDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(createRequestLog(log));
  app.use((health ?? createHealth({ store, log })).router);
  if (metrics) app.use(createMetricsRouter({ metrics, token: config.metricsToken, log }));
  if (slack?.router) app.use(slack.router);
  app.use(createWebChatRouter({ bot, log, mailbox, access: config.webChat }));
  if (handoffs && mailbox) handoffs.addUserChannel('web', createWebUserChannel(mailbox));
  if (handoffs && slack) handoffs.addUserChannel('slack', slack.users);
  if (handoffs && slack && config.escalation.slackChannel)
    handoffs.addTarget(slack.serveQueue(handoffs, config.escalation.slackChannel));
  if (handoffs)
    app.use(
      createAgentConsoleRouter({
        handoffs,
        phrases: bot.content.phrases,
        token: config.escalation.consoleToken,
        signIn: config.escalation.agentSignIn,
        stats,
        outbox,
        log,
      }),
    );
  if (sms) app.use(sms.router);
  if (handoffs && sms?.userChannel) handoffs.addUserChannel('sms', sms.userChannel);
  const teams = createTeamsChannel({ config, bot, store, log });
  app.use(teams.router);
  if (handoffs)
    for (const name of [TEAMS_USER_CHANNEL, BOT_FRAMEWORK_USER_CHANNEL])
      handoffs.addUserChannel(name, teams.users);
  if (handoffs && config.escalation.handoffEvent) teams.initiateHandoffs(handoffs);
  if (handoffs && config.escalation.teamsChannel)
    handoffs.addTarget(teams.serveQueue(handoffs, config.escalation.teamsChannel));
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(createErrorHandler(log));
  return app;
}

/** How long a shutdown waits for requests under way before cutting them. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Starts the server on config.port (0 = any free port) and purges idle conversations hourly. */
export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const slack = deps.slack ?? createSlackChannelFromConfig(deps);
  const sms = deps.sms ?? createSmsChannelFromConfig(deps);
  const health = deps.health ?? createHealth(deps);
  const app = createApp({ ...deps, slack, sms, health });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(deps.config.port, deps.config.host, (err?: Error) =>
      err ? reject(err) : resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : deps.config.port;
  const purge = setInterval(() => {
    deps.store
      .purge(Date.now() - deps.config.conversationTtlMs)
      .catch((err) => deps.log.warn({ err }, 'purge failed'));
  }, 3_600_000);
  purge.unref();
  await slack?.start();
  return {
    app,
    server,
    url: `http://localhost:${port}`,
    close: async () => {
      clearInterval(purge);
      health.draining();
      // Stop taking requests, let the ones under way finish (up to SHUTDOWN_GRACE_MS), then close the stores.
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await drained;
      clearTimeout(cut);
      await slack?.stop();
      await deps.store.close();
      await sms?.close();
    },
  };
}
