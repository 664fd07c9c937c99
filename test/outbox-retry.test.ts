// Which delivery failures are final (the outbox gives up at once) as each platform's client reports them, and
// what of an error is kept on the outbox row and shown on the agent console.
import { RestError } from '@azure/core-rest-pipeline';
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRequestError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { isPermanentFailure, outboxRetryDelay, shortError } from '../src/app/outbox-retry.ts';

describe('what counts as final, as the platforms report it', () => {
  const http = (status: number) => new RestError(`answered ${status}`, { statusCode: status });
  it.each([
    ['Teams: the user blocked the bot (403)', http(403), true],
    ['Teams: the conversation is gone (404)', http(404), true],
    ['Teams: throttled (429)', http(429), false],
    ['Teams: connector down (502)', http(502), false],
    ['Teams: request timed out (408)', http(408), false],
    ["Slack: can't DM that user", new WebAPIPlatformError({ ok: false, error: 'cannot_dm_bot' }), true],
    ['Slack: the user was deactivated', new WebAPIPlatformError({ ok: false, error: 'user_disabled' }), true],
    [
      'Slack: rate limited in the answer',
      new WebAPIPlatformError({ ok: false, error: 'ratelimited' }),
      false,
    ],
    ['Slack: internal error', new WebAPIPlatformError({ ok: false, error: 'internal_error' }), false],
    ['Slack: HTTP 500', new WebAPIHTTPError(500, 'Server Error', {}, ''), false],
    ['Slack: HTTP 410', new WebAPIHTTPError(410, 'Gone', {}, ''), true],
    ['Slack: network down', new WebAPIRequestError(new Error('ECONNRESET')), false],
    ['ticket webhook answered 404', new Error('ticket webhook answered 404'), true],
    ['ticket webhook answered 503', new Error('ticket webhook answered 503'), false],
    ['no way to reach that channel yet', new Error('no way to reach users on sms right now'), false],
  ])('%s → final: %s', (_what, err, final) => {
    expect(isPermanentFailure(err)).toBe(final);
  });

  it.each([
    [
      'fetch to https://hooks.example.com/x?token=s3cr3t failed',
      'fetch to https://hooks.example.com/x failed',
    ],
    ['401 from https://user:pw@api.example.com/v1', '401 from https://api.example.com/v1'],
    ['Authorization: Bearer eyJhbGciOi.abc.def refused', 'Authorization: Bearer [redacted] refused'],
    ['invalid_auth for xoxb-1234-5678-abcdef', 'invalid_auth for [redacted]'],
    ["The 'To' number +15551234567 is not valid", "The 'To' number [number …67] is not valid"],
    ['connect ECONNREFUSED 127.0.0.1:5432', 'connect ECONNREFUSED 127.0.0.1:5432'],
    [`first line\n${'x'.repeat(30)}`, 'first line'],
  ])('the error kept for %j is %j', (message, kept) => {
    expect(shortError(new Error(message))).toBe(kept);
  });

  it('keeps at most 200 characters of an error', () => {
    expect(shortError(new Error('word '.repeat(100)))).toHaveLength(200);
  });
});

describe('the wait before the next try', () => {
  const CAP = 600_000;
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [7, 320_000],
    [8, 640_000],
    [30, 5_000 * 2 ** 29],
  ])('after try %i: 5 s doubled, %i ms, give or take 10 %%, never over 10 minutes', (attempt, doubled) => {
    expect(outboxRetryDelay(attempt, () => 0.5)).toBe(Math.min(CAP, doubled));
    expect(outboxRetryDelay(attempt, () => 0)).toBe(Math.min(CAP, Math.round(doubled * 0.9)));
    expect(outboxRetryDelay(attempt, () => 0.999999)).toBeLessThanOrEqual(Math.min(CAP, doubled * 1.1));
  });
});
