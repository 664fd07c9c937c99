// Starts the real HTTP server in-process for web chat tests: port 0, a silent logger, a store of your choice.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeBot } from '../../src/app/compose.ts';
import { createLogger } from '../../src/app/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import type { ConversationStore } from '../../src/store/conversation-store.ts';

/** A fresh temporary DATA_DIR. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'vpnbot-web-'));
}

/** Starts the server on a free loopback port; without `store` it owns a SQLite file under `dataDir`. */
export async function startTestServer(
  opts: { dataDir?: string; store?: ConversationStore } = {},
): Promise<RunningServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: opts.dataDir ?? tempDataDir() });
  const { bot, store } = composeBot(config, { store: opts.store });
  return startServer({ config, bot, store, log: createLogger('silent') });
}

/** POSTs a JSON turn to the web chat API and returns the status and the parsed answer. */
export async function postTurn(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${url}/web/api/turn`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}
