// One log line per HTTP request, with its id (echoed in X-Request-Id), and nothing secret or personal in it.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../src/store/conversation-store.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { type MetricsHarness, requestLine, startMetricsHarness } from './helpers/metrics-server.ts';
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

describe('the request log', () => {
  it('has a line per request with its id (also in X-Request-Id), method, path and status, at info', async () => {
    const h = await start();
    const res = await fetch(`${h.url}/no-such-page`);
    expect(res.status).toBe(404);
    const id = res.headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = await requestLine(h.lines, '/no-such-page');
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
    expect((await requestLine(h.lines, '/web/api/turn')).req?.id).toBe(answered);
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
    await fetch(
      `${h.url}/agent/api/cases?token=query-s3cret&conversationId=kept-in-log&from=%2B15550100177`,
      {
        headers: { authorization: 'Bearer header-s3cret', cookie: 'session=cookie-s3cret' },
      },
    );
    const sms = await fetch(`${h.url}/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'sig-s3cret' },
      body: 'From=%2B15550100123&Body=my+number+is+%2B15550100199',
    });
    expect(sms.status).toBe(403);
    const line = await requestLine(h.lines, '/agent/api/cases');
    expect(line.req?.url).toBe(
      '/agent/api/cases?token=[redacted]&conversationId=kept-in-log&from=[redacted]',
    );
    await requestLine(h.lines, '/sms');
    const everything = h.raw.join('');
    for (const secret of [
      'header-s3cret',
      'query-s3cret',
      'cookie-s3cret',
      'sig-s3cret',
      '15550100123',
      '15550100199',
      '15550100177',
    ])
      expect(everything).not.toContain(secret);
  });

  it.each([['/livez'], ['/readyz'], ['/metrics']])(
    '%s (probes, scrapes) is logged at debug only',
    async (path) => {
      const h = await start();
      expect((await fetch(`${h.url}${path}`)).status).toBe(200);
      expect((await requestLine(h.lines, path)).level).toBe(20);
    },
  );

  it('a readiness probe failing with 503 stays at debug; the health check logs the outage at error once', async () => {
    const inner = createSqliteStore(join(tempDataDir(), 'vpnbot.sqlite'));
    const store = new Proxy(inner, {
      get: (target, prop, receiver) =>
        prop === 'ready'
          ? () => Promise.reject(new StoreUnavailableError('test: down'))
          : Reflect.get(target, prop, receiver),
    });
    const h = await start({}, store);
    expect((await fetch(`${h.url}/readyz`)).status).toBe(503);
    expect((await requestLine(h.lines, '/readyz')).level).toBe(20);
    expect(h.lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([
      'readiness: the store cannot take a write',
    ]);
  });
});
