// One "instance" of the bot on PostgreSQL: composeBot + the real HTTP server, as a second process would run it.
import { type Composed, composeBot, serverDepsOf } from '../../src/app/compose.ts';
import type { UserRef } from '../../src/app/handoff-contracts.ts';
import { createLogger } from '../../src/app/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { tempDataDir } from './web-server.ts';

/** A running instance; `say` is a user turn on it (through the bot, as a channel would call it). */
export interface PgInstance {
  url: string;
  composed: Composed;
  server: RunningServer;
  say(key: string, text: string, from?: UserRef): Promise<string>;
  stop(): Promise<void>;
}

/** Starts an instance on `databaseUrl` with a shared, settable `clock` (a Wednesday 10:00 UTC, desk open). */
export async function startPgInstance(databaseUrl: string, clock: { now: number }): Promise<PgInstance> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: tempDataDir(),
    DATABASE_URL: databaseUrl,
    HELPDESK_TZ: 'UTC',
  });
  const log = createLogger('silent');
  const composed = composeBot(config, { now: () => clock.now, log });
  const server = await startServer(serverDepsOf(config, composed, log));
  return {
    url: server.url.replace('localhost', '127.0.0.1'),
    composed,
    server,
    say: async (key, text, from) => {
      const turn = await composed.bot.handle(key, { kind: 'text', text }, undefined, from);
      return JSON.stringify(turn.replies);
    },
    stop: async () => {
      await server.close();
      await composed.close();
    },
  };
}
