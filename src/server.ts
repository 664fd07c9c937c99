// The one HTTP server: health, the local web chat, and (as they arrive) the Teams, Slack and SMS routes.
import type { Server } from 'node:http';
import express, { type Express } from 'express';
import type { Bot } from './app/create-bot.ts';
import type { Logger } from './app/logger.ts';
import { createWebChatRouter } from './channels/web/web-chat-router.ts';
import type { Config } from './config.ts';
import type { ConversationStore } from './store/conversation-store.ts';

/** What the server is built from. */
export interface ServerDeps {
  config: Config;
  bot: Bot;
  store: ConversationStore;
  log: Logger;
}

/** A running server. */
export interface RunningServer {
  app: Express;
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The express app with every enabled route; no port is opened. */
export function createApp({ bot, store, log }: ServerDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    try {
      await store.ping();
      res.json({ status: 'ok', store: 'ok', uptimeSeconds: Math.round(process.uptime()) });
    } catch (err) {
      log.error({ err }, 'health check: store down');
      res.status(503).json({ status: 'error', store: 'down' });
    }
  });
  app.use(createWebChatRouter({ bot, log }));
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  return app;
}

/** Starts the server on config.port (0 = any free port) and purges idle conversations hourly. */
export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const app = createApp(deps);
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
  return {
    app,
    server,
    url: `http://localhost:${port}`,
    close: async () => {
      clearInterval(purge);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.store.close();
    },
  };
}
