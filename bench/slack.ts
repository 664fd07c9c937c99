// `/vpncode 721` through the real HTTP stack: the one server, bolt's receiver, v0-signed requests, loopback only.
import { createHmac } from 'node:crypto';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeBot } from '../src/app/compose.ts';
import { createLogger } from '../src/app/logger.ts';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { type BenchRow, ms } from './report.ts';

const SECRET = 'bench-signing-secret';
const BAR_MS = 20;

/** How hard and how long to drive the server. */
export interface SlackBenchOptions {
  /** Requests per second, sent open-loop on a fixed schedule (default 200). */
  rate?: number;
  /** Measured requests (default 2000, i.e. 10 s at 200 req/s); a warm-up of rate/2 comes first. */
  requests?: number;
}

/** A Slack Web API stand-in on 127.0.0.1 that answers auth.test (all bolt asks for on the /vpncode path). */
async function startApiStub(): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0BENCH' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/` };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/**
 * Measures `/vpncode 721` as Slack sends it (form body, fresh v0 signature per request) at a fixed rate against the
 * real server on port 0, latency counted from each request's scheduled send time (so a stall is never hidden);
 * returns the row for BENCHMARKS.md with the docs/architecture.md §6 bar, p99 < 20 ms at 200 req/s.
 */
export async function benchSlack(opts: SlackBenchOptions = {}): Promise<BenchRow[]> {
  const rate = opts.rate ?? 200;
  const total = opts.requests ?? rate * 10;
  const api = await startApiStub();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: api.url,
  });
  const store = createSqliteStore(':memory:');
  const { bot } = composeBot(config, { store });
  const running = await startServer({ config, bot, store, log: createLogger('silent') });
  const port = Number(new URL(running.url).port);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  const body = new URLSearchParams({
    token: 'legacy',
    team_id: 'T0BENCH',
    channel_id: 'C0BENCH',
    user_id: 'U0TECH',
    command: '/vpncode',
    text: '721',
    api_app_id: 'A0BENCH',
    response_url: 'http://127.0.0.1:9/unused',
    trigger_id: '1.2.3',
  }).toString();

  const once = (): Promise<boolean> =>
    new Promise((resolve) => {
      const ts = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/slack/events',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            'x-slack-request-timestamp': String(ts),
            'x-slack-signature': signature,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            text += c;
          });
          res.on('end', () => resolve(res.statusCode === 200 && text.includes('721')));
        },
      );
      req.on('error', () => resolve(false));
      req.end(body);
    });

  /** Sends `count` requests at `rate`/s; resolves with each one's latency from its scheduled time, and the failures. */
  const drive = (count: number): Promise<{ latencies: number[]; failures: number; seconds: number }> =>
    new Promise((resolve) => {
      const latencies: number[] = [];
      let failures = 0;
      let sent = 0;
      let done = 0;
      const start = performance.now();
      const interval = 1000 / rate;
      const tick = () => {
        const due = Math.min(count, Math.floor((performance.now() - start) / interval) + 1);
        while (sent < due) {
          const scheduled = start + sent * interval;
          sent++;
          void once().then((ok) => {
            latencies.push(performance.now() - scheduled);
            if (!ok) failures++;
            if (++done === count)
              resolve({ latencies, failures, seconds: (performance.now() - start) / 1000 });
          });
        }
        if (sent < count) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      };
      tick();
    });

  try {
    await drive(Math.max(20, Math.round(rate / 2)));
    const run = await drive(total);
    const sorted = [...run.latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    const max = sorted.at(-1) ?? Number.NaN;
    return [
      {
        section: 'Slack over HTTP',
        name: `\`/vpncode 721\` → POST /slack/events (signed, bolt receiver, loopback), ${rate} req/s × ${total}`,
        value: `p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(max)}; ${run.failures} failed; ${(total / run.seconds).toFixed(0)} req/s achieved`,
        bar: `p99 < ${BAR_MS} ms at 200 req/s`,
        pass: run.failures === 0 && p99 < BAR_MS && rate >= 200,
      },
    ];
  } finally {
    agent.destroy();
    await running.close();
    await new Promise<void>((resolve) => api.server.close(() => resolve()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchSlack())
    process.stdout.write(`${row.name}: ${row.value} (${row.bar}) ${row.pass ? 'meets' : 'MISSES'}\n`);
}
