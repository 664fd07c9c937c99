// Starts the real server with the handoff service for escalation tests: a temp SQLite file, a settable clock.

import type { Composed } from '../../src/app/compose.ts';
import { composeBot, serverDepsOf } from '../../src/app/compose.ts';
import { createLogger } from '../../src/app/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { tempDataDir } from './web-server.ts';

/** A running bot with its handoff service, and a clock the test moves. */
export interface HandoffHarness {
  url: string;
  composed: Composed;
  server: RunningServer;
  clock: { now: number };
  dataDir: string;
  /** Stops the server and closes every store (the SQLite file stays, for restart tests). */
  stop(): Promise<void>;
  /** Calls the agent console API as `agent`; returns status and JSON. */
  agentApi(
    path: string,
    body?: Record<string, unknown>,
    headers?: Record<string, string>,
    // biome-ignore lint/suspicious/noExplicitAny: tests read the console's JSON loosely, as a page would
  ): Promise<{ status: number; json: any }>;
  /** Sends a web chat turn and returns the replies' JSON as one string. */
  userSays(conversationId: string, text: string): Promise<string>;
}

/** Starts a harness; `env` adds configuration (hours, tokens); the clock starts on a Wednesday at 10:00 UTC. */
export async function startHandoffHarness(
  env: Record<string, string> = {},
  opts: { dataDir?: string; clock?: { now: number } } = {},
): Promise<HandoffHarness> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const clock = opts.clock ?? { now: Date.UTC(2026, 10, 25, 10) };
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, HELPDESK_TZ: 'UTC', ...env });
  const log = createLogger('silent');
  const composed = composeBot(config, { now: () => clock.now, log });
  const server = await startServer(serverDepsOf(config, composed, log));
  const url = server.url.replace('localhost', '127.0.0.1');
  return {
    url,
    composed,
    server,
    clock,
    dataDir,
    stop: async () => {
      await server.close();
      await composed.close();
    },
    agentApi: async (path, body, headers = {}) => {
      const res = await fetch(`${url}/agent/api${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json', ...headers },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: await res.json() };
    },
    userSays: async (conversationId, text) => {
      const res = await fetch(`${url}/web/api/turn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId, text }),
      });
      return JSON.stringify(await res.json());
    },
  };
}
