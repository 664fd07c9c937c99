// Starts the real server with its metrics and a debug logger writing into memory, for the metrics and request-log tests.
import { request } from 'node:http';
import pino from 'pino';
import { type Composed, composeBot, serverDepsOf } from '../../src/app/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import type { ConversationStore } from '../../src/store/conversation-store.ts';
import { tempDataDir } from './web-server.ts';

/** One log line as pino wrote it. */
export type LogLine = {
  level: number;
  msg: string;
  req?: Record<string, unknown>;
  res?: { statusCode: number };
};

/** A running server, its composed bot, a clock the test moves, and every log line written so far. */
export interface MetricsHarness {
  url: string;
  server: RunningServer;
  composed: Composed;
  clock: { now: number };
  /** Every log line written so far, parsed, and the raw text they were written as. */
  lines: LogLine[];
  raw: string[];
  say(conversationId: string, text: string, headers?: Record<string, string>): Promise<Response>;
  metrics(headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

/** A logger at debug that keeps every line, parsed into `lines` and as written into `raw`. */
export function capturingLogger(lines: LogLine[], raw: string[] = []) {
  return pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line));
      },
    },
  );
}

/** Starts the server on a free loopback port; `env` adds configuration, `store` replaces the SQLite file. */
export async function startMetricsHarness(
  env: Record<string, string> = {},
  store?: ConversationStore,
): Promise<MetricsHarness> {
  const raw: string[] = [];
  const lines: LogLine[] = [];
  const log = capturingLogger(lines, raw);
  const clock = { now: Date.UTC(2026, 10, 25, 10) };
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: tempDataDir(),
    HELPDESK_TZ: 'UTC',
    ...env,
  });
  const composed = composeBot(config, { now: () => clock.now, log, store });
  const server = await startServer(serverDepsOf(config, composed, log));
  const url = server.url.replace('localhost', '127.0.0.1');
  return {
    url,
    server,
    composed,
    clock,
    lines,
    raw,
    say: (conversationId, text, headers = {}) =>
      fetch(`${url}/web/api/turn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ conversationId, text }),
      }),
    metrics: (headers = {}) => fetch(`${url}/metrics`, { headers }),
    stop: async () => {
      await server.close();
      await composed.close();
    },
  };
}

/** The value of the sample `name` whose labels include `labels`, read from Prometheus text; undefined when absent. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/** Calls `path` on `port` by connecting to `address` with `host` as the Host header; resolves to the status. */
export function callFrom(address: string, port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port, path, headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Waits (generously) until a log line for `path` was written: pino-http writes it once the answer has gone. */
export async function requestLine(lines: LogLine[], path: string): Promise<LogLine> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const line = lines.find((l) => typeof l.req?.url === 'string' && l.req.url.startsWith(path));
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no request log line for ${path}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
