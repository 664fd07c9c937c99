// What an operator sees of the running bot: /metrics for Prometheus (who may scrape it, what it counts) and one log
// line per HTTP request with its id, and nothing secret or personal in the logs.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type Composed, composeBot, serverDepsOf } from '../src/app/compose.ts';
import { loadConfig } from '../src/config.ts';
import { type RunningServer, startServer } from '../src/server.ts';
import { type ConversationStore, StoreUnavailableError } from '../src/store/conversation-store.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { lanAddress } from './helpers/foreign-host.ts';
import { png } from './helpers/picture-headers.ts';
import { tempDataDir } from './helpers/web-server.ts';

type LogLine = { level: number; msg: string; req?: Record<string, unknown>; res?: { statusCode: number } };

interface Harness {
  url: string;
  server: RunningServer;
  composed: Composed;
  clock: { now: number };
  /** Every log line written so far, parsed, and the raw text they were written as. */
  lines: LogLine[];
  raw: string[];
  say(conversationId: string, text: string, headers?: Record<string, string>): Promise<Response>;
  metrics(headers?: Record<string, string>): Promise<Response>;
}

const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of running.splice(0)) await stop().catch(() => {});
});

/** Starts the real server with its metrics and a debug logger writing into memory; `store` replaces the SQLite file. */
async function start(env: Record<string, string> = {}, store?: ConversationStore): Promise<Harness> {
  const raw: string[] = [];
  const lines: LogLine[] = [];
  const log = pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line));
      },
    },
  );
  const clock = { now: Date.UTC(2026, 10, 25, 10) };
  const dataDir = tempDataDir();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, HELPDESK_TZ: 'UTC', ...env });
  const composed = composeBot(config, { now: () => clock.now, log, store });
  const server = await startServer(serverDepsOf(config, composed, log));
  running.push(async () => {
    await server.close();
    await composed.close();
  });
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
  };
}

/** The value of the sample `name` whose labels include `labels`, read from Prometheus text; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

const scrape = async (h: Harness) => {
  const res = await h.metrics();
  expect(res.status).toBe(200);
  return res.text();
};

/** Calls `path` on `port` by connecting to `address` with `host` as the Host header; resolves to the status. */
function callFrom(address: string, port: number, path: string, host: string): Promise<number> {
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
async function requestLine(h: Harness, path: string): Promise<LogLine> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const line = h.lines.find((l) => typeof l.req?.url === 'string' && l.req.url.startsWith(path));
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no request log line for ${path}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the turns an operator sees in /metrics', () => {
  it('a web chat turn is counted as answered on the web channel, and timed', async () => {
    const h = await start();
    expect((await h.say('metrics-user-1', 'error 809')).status).toBe(200);
    const text = await scrape(h);
    expect(text).toContain('vpnbot_turns_total{channel="web",outcome="answered"} 1');
    expect(sample(text, 'vpnbot_turn_seconds_count', { channel: 'web' })).toBe(1);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('the same message sent again is counted as a duplicate, not a second answer', async () => {
    const h = await start();
    await h.say('metrics-user-2', 'error 809', { 'x-request-id': 'message-0001' });
    await h.say('metrics-user-2', 'error 809', { 'x-request-id': 'message-0001' });
    const text = await scrape(h);
    expect(sample(text, 'vpnbot_turns_total', { channel: 'web', outcome: 'answered' })).toBe(1);
    expect(sample(text, 'vpnbot_turns_total', { channel: 'web', outcome: 'duplicate' })).toBe(1);
  });

  it('a turn lost to a store outage is counted as store_down and as a store error', async () => {
    let down = false;
    const inner = createSqliteStore(join(tempDataDir(), 'vpnbot.sqlite'));
    const store = new Proxy(inner, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || prop === 'close') return value;
        return (...args: unknown[]) =>
          down ? Promise.reject(new StoreUnavailableError('test: down')) : value.apply(target, args);
      },
    });
    const h = await start({}, store);
    down = true;
    expect((await h.say('metrics-user-3', 'error 809')).status).toBe(503);
    const text = await scrape(h);
    expect(sample(text, 'vpnbot_turns_total', { channel: 'web', outcome: 'store_down' })).toBe(1);
    expect(sample(text, 'vpnbot_store_errors_total', { kind: 'unavailable' })).toBe(1);
    expect((await requestLine(h, '/web/api/turn')).level).toBe(50);
  });

  it('a picture refused as too big shows in the picture counter as too_big', async () => {
    const h = await start();
    const res = await fetch(`${h.url}/web/api/picture?conversationId=metrics-user-4`, {
      method: 'POST',
      body: png(20_000, 20_000),
    });
    expect(res.status).toBe(200);
    const text = await scrape(h);
    expect(sample(text, 'vpnbot_ocr_pictures_total', { outcome: 'too_big' })).toBe(1);
    expect(sample(text, 'vpnbot_ocr_pictures_total', { outcome: 'read' })).toBe(0);
  });

  it('a handoff opened, claimed after 90 s in the queue, and closed shows in the handoff counters', async () => {
    const h = await start();
    await h.say('metrics-user-5', 'error 809');
    await h.say('metrics-user-5', 'talk to a person');
    const cases = (await (await fetch(`${h.url}/agent/api/cases`)).json()) as { cases: { id: string }[] };
    const id = cases.cases[0]?.id;
    h.clock.now += 90_000;
    const agentPost = (action: string) =>
      fetch(`${h.url}/agent/api/cases/${id}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agent: 'Dana' }),
      });
    expect((await agentPost('claim')).status).toBe(200);
    expect((await agentPost('claim')).status).toBe(200);
    expect((await agentPost('close')).status).toBe(200);
    const text = await scrape(h);
    expect(sample(text, 'vpnbot_handoffs_opened_total', { channel: 'web' })).toBe(1);
    expect(sample(text, 'vpnbot_handoffs_claimed_total', { channel: 'web' })).toBe(1);
    expect(sample(text, 'vpnbot_handoff_claim_seconds_bucket', { channel: 'web', le: '60' })).toBe(0);
    expect(sample(text, 'vpnbot_handoff_claim_seconds_bucket', { channel: 'web', le: '120' })).toBe(1);
    expect(sample(text, 'vpnbot_handoffs_closed_total', { channel: 'web', how: 'closed' })).toBe(1);
  });

  it('a ticket webhook that fails counts a retry, then a give-up, and the outbox gauge shows it undelivered', async () => {
    const statuses = [500, 400];
    const tickets = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(statuses.shift() ?? 200).end());
    });
    await new Promise<void>((r) => tickets.listen(0, '127.0.0.1', r));
    running.push(() => new Promise((r) => tickets.close(() => r())));
    const port = (tickets.address() as AddressInfo).port;
    const h = await start({
      ESCALATION_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks`,
      ESCALATION_WEBHOOK_SECRET: 'webhook-s3cret',
    });
    await h.say('metrics-user-8', 'talk to a person');
    await h.composed.handoffs.dispatch();
    let text = await scrape(h);
    expect(sample(text, 'vpnbot_outbox_retries_total')).toBe(1);
    expect(sample(text, 'vpnbot_outbox_messages', { state: 'pending' })).toBe(1);
    h.clock.now += 6_000;
    await h.composed.handoffs.dispatch();
    text = await scrape(h);
    expect(sample(text, 'vpnbot_outbox_dead_letters_total')).toBe(1);
    expect(sample(text, 'vpnbot_outbox_messages', { state: 'dead' })).toBe(1);
    expect(sample(text, 'vpnbot_outbox_messages', { state: 'pending' })).toBe(0);
  });
});

describe('who may scrape /metrics', () => {
  it('with METRICS_TOKEN set: no token or a wrong one gets 401, the right bearer token gets the metrics', async () => {
    const h = await start({ METRICS_TOKEN: 'scrape-s3cret' });
    expect((await h.metrics()).status).toBe(401);
    expect((await h.metrics({ authorization: 'Bearer wrong' })).status).toBe(401);
    const ok = await h.metrics({ authorization: 'Bearer scrape-s3cret' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toContain('# TYPE vpnbot_turns_total counter');
  });

  it('without a token: this machine only, and a loopback caller naming another host (DNS rebinding) is refused', async () => {
    const h = await start();
    const port = Number(new URL(h.url).port);
    expect(await callFrom('127.0.0.1', port, '/metrics', `localhost:${port}`)).toBe(200);
    expect(await callFrom('127.0.0.1', port, '/metrics', 'attacker.example')).toBe(403);
  });

  it('without a token, a caller from the network is refused with 403', async () => {
    const from = lanAddress();
    expect(from, 'this machine has no non-loopback IPv4 address to call from').toBeDefined();
    const h = await start({ HOST: '0.0.0.0' });
    const port = Number(new URL(h.url).port);
    expect(await callFrom(from ?? 'none', port, '/metrics', `127.0.0.1:${port}`)).toBe(403);
  });
});

describe('the request log', () => {
  it('has a line per request with its id (also in X-Request-Id), method, path and status, at info', async () => {
    const h = await start();
    const res = await fetch(`${h.url}/no-such-page`);
    expect(res.status).toBe(404);
    const id = res.headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = await requestLine(h, '/no-such-page');
    expect(line).toMatchObject({
      level: 30,
      req: { id, method: 'GET', url: '/no-such-page' },
      res: { statusCode: 404 },
    });
  });

  it.each([
    ['a message id from the web chat', 'echoed as it came', 'msg-2026-0001'],
    ['too long to be an id', 'replaced by a new id', 'x'.repeat(200)],
    ['holding characters that could forge a log line', 'replaced by a new id', 'id with "quotes" {}'],
  ])('an incoming X-Request-Id that is %s is %s, in the answer and the log', async (_what, how, sent) => {
    const h = await start();
    const res = await h.say('metrics-user-6', 'hello', { 'x-request-id': sent });
    const answered = res.headers.get('x-request-id');
    if (how === 'echoed as it came') expect(answered).toBe(sent);
    else expect(answered).toMatch(/^[0-9a-f-]{36}$/);
    expect((await requestLine(h, '/web/api/turn')).req?.id).toBe(answered);
  });

  it('the web chat still uses X-Request-Id as the message id: the same id again is a duplicate', async () => {
    const h = await start();
    await h.say('metrics-user-7', 'error 809', { 'x-request-id': 'msg-0000007' });
    const again = (await (
      await h.say('metrics-user-7', 'error 809', { 'x-request-id': 'msg-0000007' })
    ).json()) as {
      duplicate: boolean;
    };
    expect(again.duplicate).toBe(true);
  });

  it('never holds the Authorization header, a token in the query, a signature, or an SMS sender number', async () => {
    const h = await start({ TWILIO_AUTH_TOKEN: 'twilio-s3cret', PUBLIC_BASE_URL: 'https://bot.example.com' });
    await fetch(`${h.url}/agent/api/cases?token=query-s3cret&conversationId=kept-in-log`, {
      headers: { authorization: 'Bearer header-s3cret', cookie: 'session=cookie-s3cret' },
    });
    const sms = await fetch(`${h.url}/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'sig-s3cret' },
      body: 'From=%2B15550100123&Body=my+number+is+%2B15550100199',
    });
    expect(sms.status).toBe(403);
    const line = await requestLine(h, '/agent/api/cases');
    expect(line.req?.url).toBe('/agent/api/cases?token=[redacted]&conversationId=kept-in-log');
    await requestLine(h, '/sms');
    const everything = h.raw.join('');
    for (const secret of [
      'header-s3cret',
      'query-s3cret',
      'cookie-s3cret',
      'sig-s3cret',
      '15550100123',
      '15550100199',
    ])
      expect(everything).not.toContain(secret);
  });

  it.each([['/livez'], ['/readyz'], ['/metrics']])(
    '%s (probes, scrapes) is logged at debug only',
    async (path) => {
      const h = await start();
      expect((await fetch(`${h.url}${path}`)).status).toBe(200);
      expect((await requestLine(h, path)).level).toBe(20);
    },
  );
});
