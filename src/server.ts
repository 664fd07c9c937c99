// The one HTTP server: health, metrics, and the routes of every channel that is on (src/channels/channel-list.ts).
import type { Server } from 'node:http';
import express, { type Express } from 'express';
import type { Bot } from './app/create-bot.ts';
import type { HandoffService, UserChannel } from './app/handoff-contracts.ts';
import type { Logger } from './app/logger.ts';
import type { Metrics } from './app/metrics.ts';
import type { Channel, ChannelModule } from './channels/channel.ts';
import { CHANNELS } from './channels/channel-list.ts';
import { createErrorHandler } from './channels/http-errors.ts';
import { createMetricsRouter } from './channels/metrics-router.ts';
import { createRequestLog } from './channels/request-log.ts';
import type { Config } from './config-types.ts';
import { createHealth, type Health } from './health-router.ts';
import { type ChannelStores, createChannelStores } from './store/channel-stores.ts';
import type { ConversationStore } from './store/conversation-store.ts';
import type { Mailbox, Outbox, StatsStore } from './store/handoff-store.ts';

/** What the server is built from. */
export interface ServerDeps {
  config: Config;
  bot: Bot;
  store: ConversationStore;
  log: Logger;
  /** The handoff service; when present the agent console is served at /agent and channels serve agents' queues. */
  handoffs?: HandoffService;
  /** Where web chat users' messages wait between polls (agent replies during a handoff). */
  mailbox?: Mailbox;
  /** The daily counters the console's insights read. */
  stats?: StatsStore;
  /** The delivery outbox, whose undelivered messages the agent console lists. */
  outbox?: Outbox;
  /** The stores channels keep their records in; by default opened where config says (and closed with the server). */
  channelStores?: ChannelStores;
  /** Channels built elsewhere, by name, used instead of building them from config (tests). */
  channels?: Readonly<Record<string, Channel>>;
  /** The channel modules to serve; default every one in src/channels/channel-list.ts. */
  modules?: readonly ChannelModule<unknown>[];
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

/** The channels config turns on (or `deps.channels` gives), built in order, their user channels and queues handed to the handoffs. */
async function buildChannels(deps: ServerDeps, stores: ChannelStores): Promise<Channel[]> {
  const users = new Map<string, UserChannel>();
  const built: Channel[] = [];
  for (const module of deps.modules ?? CHANNELS) {
    const given = deps.channels?.[module.name];
    const settings = deps.config.channels[module.name]?.settings;
    const channel =
      given ??
      (settings === undefined
        ? undefined
        : await module.create({
            ...deps,
            settings,
            stores,
            userChannel: (name) => users.get(name),
          }));
    if (!channel) continue;
    built.push(channel);
    for (const [name, sender] of Object.entries(channel.users ?? {})) {
      users.set(name, sender);
      deps.handoffs?.addUserChannel(name, sender);
    }
    if (channel.queue) deps.handoffs?.addTarget(channel.queue);
  }
  return built;
}

/** The express app with health, metrics and every channel's routes; no port is opened. */
export async function createApp(deps: ServerDeps): Promise<{ app: Express; channels: Channel[] }> {
  const { config, store, log, metrics } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(createRequestLog(log));
  app.use((deps.health ?? createHealth({ store, log })).router);
  if (metrics) app.use(createMetricsRouter({ metrics, token: config.metricsToken, log }));
  const channels = await buildChannels(deps, deps.channelStores ?? createChannelStores(config));
  for (const channel of channels) if (channel.router) app.use(channel.router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(createErrorHandler(log));
  return { app, channels };
}

/** How long a shutdown waits for requests under way before cutting them. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Starts the server on config.port (0 = any free port) and purges idle conversations hourly. */
export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const health = deps.health ?? createHealth(deps);
  const ownStores = deps.channelStores ? undefined : createChannelStores(deps.config);
  const channelStores = deps.channelStores ?? (ownStores as ChannelStores);
  const { app, channels } = await createApp({ ...deps, health, channelStores });
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
  for (const channel of channels) await channel.start?.();
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
      for (const channel of channels) await channel.stop?.();
      await deps.store.close();
      await ownStores?.close();
    },
  };
}
