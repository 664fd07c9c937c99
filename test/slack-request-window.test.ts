// Slack's replay window at its edges: a request dated exactly 5 minutes either way is passed on to bolt, one second
// more is refused with 401 and logged with how far off it was; a timestamp that is not plain whole seconds is refused.
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_WINDOW_SECONDS, slackRequestWindow } from '../src/channels/slack/request-window.ts';

/** This machine's clock in the test: 900 ms into second 1,700,000,000. */
const NOW_MS = 1_700_000_000_900;
const NOW_S = 1_700_000_000;

const logged: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    logged.push(JSON.parse(String(chunk)));
    done();
  },
});

let url = '';
let close = () => {};
beforeAll(async () => {
  const app = express();
  app.post(
    '/slack/events',
    slackRequestWindow(pino({ level: 'warn' }, sink), () => NOW_MS),
    (_req, res) => {
      res.status(200).send('passed on to bolt');
    },
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  close = () => server.close();
});
afterAll(() => close());

const post = (stamp: string | undefined) =>
  fetch(url, { method: 'POST', headers: stamp === undefined ? {} : { 'x-slack-request-timestamp': stamp } });

describe('the replay window', () => {
  it('is five minutes', () => {
    expect(SLACK_WINDOW_SECONDS).toBe(300);
  });

  it.each<[string, string | undefined, number]>([
    ['now', String(NOW_S), 200],
    ['exactly 5 minutes ago', String(NOW_S - 300), 200],
    ['5 minutes and 1 second ago', String(NOW_S - 301), 401],
    ['exactly 5 minutes ahead', String(NOW_S + 300), 200],
    ['5 minutes and 1 second ahead', String(NOW_S + 301), 401],
    ['no timestamp at all', undefined, 401],
    ['a word', 'yesterday', 401],
    ['now, with a plus sign', `+${NOW_S}`, 401],
    ['now, with a decimal point', `${NOW_S}.0`, 401],
    ['now, in exponent form', '17e8', 401],
    ['now, in milliseconds', String(NOW_MS), 401],
  ])('a request dated %s (%j) gets %i', async (_, stamp, status) => {
    expect((await post(stamp)).status).toBe(status);
  });

  it('a refused request is logged with how many seconds it was off, or none when it had no time', async () => {
    logged.length = 0;
    await post(String(NOW_S + 301));
    await post(undefined);
    expect(logged.map((l) => [l.msg, l.skewSeconds])).toEqual([
      ['slack: request dated outside the 5-minute window', 301],
      ['slack: request dated outside the 5-minute window', undefined],
    ]);
  });
});
