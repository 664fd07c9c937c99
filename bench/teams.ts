// A Teams message through /api/messages to a local connector stub, against a bare botbuilder echo bot in the same run.
// The echo bot is the baseline docs/architecture.md §6 names, so this harness (not the app) builds one with botbuilder directly.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express from 'express';
import { composeBot } from '../src/app/compose.ts';
import { createLogger } from '../src/app/logger.ts';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { startConnectorStub } from '../test/helpers/connector-stub.ts';
import { personalMessage } from '../test/helpers/teams-activity.ts';
import { type BenchRow, ms } from './report.ts';

const ROUNDS = 300;
const WARMUP = 40;
const BAR = 1.5;

/** The bare baseline: CloudAdapter in the same local mode, echoing each message once to the same stub. */
async function startEchoBot(): Promise<{ url: string; close: () => Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const app = express();
  app.post('/api/messages', express.json({ limit: '1mb' }), (req, res) =>
    adapter.process(req, res, async (context) => {
      if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text}`);
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function post(url: string, activity: unknown): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - started;
}

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, p50: at(0.5), p99: at(0.99) };
};

/**
 * Runs ROUNDS interleaved pairs (one VPN-bot turn, one echo turn) after a warm-up, all on loopback: each VPN-bot
 * turn is a fresh 1:1 chat saying "error 721" (typing indicator + code card + follow-up), so it reads and writes
 * SQLite, runs the NLU and the engine, and renders Adaptive Cards. Returns the rows for BENCHMARKS.md.
 */
export async function benchTeams(): Promise<BenchRow[]> {
  const stub = await startConnectorStub({ record: false });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const store = createSqliteStore(':memory:');
  const composed = composeBot(config, { store });
  const { bot } = composed;
  const ours = await startServer({ config, bot, store, log: createLogger('silent') });
  const oursUrl = `http://127.0.0.1:${(ours.server.address() as AddressInfo).port}`;
  const echo = await startEchoBot();
  let n = 0;
  const message = () =>
    personalMessage({ serviceUrl: stub.url, conversationId: `a:bench-${++n}`, text: 'error 721' });
  try {
    for (let i = 0; i < WARMUP; i++) {
      await post(oursUrl, message());
      await post(echo.url, message());
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      a.push(await post(oursUrl, message()));
      b.push(await post(echo.url, message()));
    }
    const vpn = stats(a);
    const base = stats(b);
    const ratio = vpn.p50 / base.p50;
    const section = 'Teams (/api/messages, loopback connector stub)';
    const show = (s: typeof vpn) => `mean ${ms(s.mean)}, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}`;
    return [
      { section, name: `VPN bot: 1:1 "error 721", ${ROUNDS} requests`, value: show(vpn) },
      { section, name: `bare botbuilder echo bot, ${ROUNDS} requests`, value: show(base) },
      {
        section,
        name: 'VPN bot ÷ echo bot (p50; mean in brackets)',
        value: `${ratio.toFixed(2)}× (${(vpn.mean / base.mean).toFixed(2)}×)`,
        bar: `≤ ${BAR}×`,
        pass: ratio <= BAR,
      },
    ];
  } finally {
    await echo.close();
    await ours.close();
    await composed.close();
    await stub.close();
  }
}
