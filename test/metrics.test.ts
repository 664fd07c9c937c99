// What an operator sees in /metrics (Prometheus): what the bot counts, and who may scrape it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../src/store/conversation-store.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { lanAddress } from './helpers/foreign-host.ts';
import {
  callFrom,
  capturingLogger,
  type LogLine,
  type MetricsHarness,
  requestLine,
  sample,
  startMetricsHarness,
} from './helpers/metrics-server.ts';
import { png } from './helpers/picture-headers.ts';
import { startSmsHarness } from './helpers/sms-server.ts';
import { tempDataDir } from './helpers/web-server.ts';

const running: MetricsHarness[] = [];
const cleanup: (() => Promise<void>)[] = [];
const start = async (...args: Parameters<typeof startMetricsHarness>) => {
  const h = await startMetricsHarness(...args);
  running.push(h);
  return h;
};
afterEach(async () => {
  for (const h of running.splice(0)) await h.stop().catch(() => {});
  for (const stop of cleanup.splice(0)) await stop().catch(() => {});
});

const scrape = async (h: MetricsHarness) => {
  const res = await h.metrics();
  expect(res.status).toBe(200);
  return res.text();
};

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
    expect((await requestLine(h.lines, '/web/api/turn')).level).toBe(50);
  });

  it('a picture refused as too big shows in the picture counter as too_big', async () => {
    const h = await start();
    const res = await fetch(`${h.url}/web/api/picture?conversationId=metrics-user-4`, {
      method: 'POST',
      body: new Uint8Array(png(20_000, 20_000)),
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

  it('a user who withdraws a queued request shows as a cancelled case', async () => {
    const h = await start();
    await h.say('metrics-user-9', 'talk to a person');
    await h.say('metrics-user-9', 'cancel');
    const text = await scrape(h);
    expect(sample(text, 'vpnbot_handoffs_closed_total', { channel: 'web', how: 'cancelled' })).toBe(1);
    expect(sample(text, 'vpnbot_handoffs_claimed_total', { channel: 'web' })).toBeUndefined();
  });

  it('an SMS user who asks for a person, then texts STOP: counted on sms, the case cancelled, the number in no log', async () => {
    const lines: LogLine[] = [];
    const raw: string[] = [];
    const h = await startSmsHarness({}, { log: capturingLogger(lines, raw) });
    cleanup.push(() => h.stop());
    await h.text('+15551234567', 'talk to a person');
    await h.text('+15551234567', 'STOP');
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(
      sample(text, 'vpnbot_turns_total', { channel: 'sms', outcome: 'answered' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vpnbot_handoffs_opened_total', { channel: 'sms' })).toBe(1);
    expect(sample(text, 'vpnbot_handoffs_closed_total', { channel: 'sms', how: 'cancelled' })).toBe(1);
    await requestLine(lines, '/sms');
    expect(raw.join('')).not.toMatch(/555\D?123\D?4567/);
  });

  it('a ticket webhook that fails counts a retry, then a give-up, and the outbox gauge shows it undelivered', async () => {
    const statuses = [500, 400];
    const tickets = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(statuses.shift() ?? 200).end());
    });
    await new Promise<void>((r) => tickets.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => tickets.close(() => r())));
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
