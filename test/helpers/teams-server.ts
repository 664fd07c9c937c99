// Starts the real server (createApp/startServer) with a composed bot for Teams end-to-end tests.

import { composeBot } from '../../src/app/compose.ts';
import type { Bot } from '../../src/app/create-bot.ts';
import { createLogger } from '../../src/app/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import type { ConversationStore } from '../../src/store/conversation-store.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';

/** A running bot server and what it was built from. */
export interface TeamsTestServer {
  /** http://127.0.0.1:<port> */
  url: string;
  bot: Bot;
  store: ConversationStore;
  running: RunningServer;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1, port 0; `store` defaults to an in-memory SQLite store, `env` adds variables, `now` sets the clock. */
export async function startTeamsTestServer(
  opts: {
    env?: Record<string, string>;
    store?: ConversationStore;
    storeFile?: string;
    now?: () => number;
  } = {},
): Promise<TeamsTestServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...opts.env });
  const store = opts.store ?? createSqliteStore(opts.storeFile ?? ':memory:');
  const composed = composeBot(config, { store, now: opts.now });
  const { bot } = composed;
  const running = await startServer({ config, bot, store, log: createLogger('silent') });
  const port = (running.server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    bot,
    store,
    running,
    close: async () => {
      await running.close();
      await composed.close();
    },
  };
}
