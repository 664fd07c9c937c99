// A closed help desk as a Teams user far from it hears it: its hours in its own time zone, and on the user's clock,
// read from the activity's localTimezone / localTimestamp.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsUserClock } from '../src/channels/teams/teams-user-channel.ts';
import { type ConnectorStub, startConnectorStub } from './helpers/connector-stub.ts';
import { personalMessage, postActivity } from './helpers/teams-activity.ts';
import { heard } from './helpers/teams-cards.ts';
import { startTeamsTestServer, type TeamsTestServer } from './helpers/teams-server.ts';

let stub: ConnectorStub;
let server: TeamsTestServer;
let n = 0;
// Saturday 2026-11-28, 12:00 in Tokyo; Friday 19:00 in Los Angeles. The desk opens Monday 9:00 Tokyo time.
const SATURDAY_NOON_TOKYO = Date.UTC(2026, 10, 28, 3);

beforeAll(async () => {
  stub = await startConnectorStub();
  server = await startTeamsTestServer({
    env: { VPN_TYPES: 'sstp', HELPDESK_HOURS: 'Mon-Fri 09:00-17:00', HELPDESK_TZ: 'Asia/Tokyo' },
    now: () => SATURDAY_NOON_TOKYO,
  });
});
afterAll(async () => {
  await server?.close();
  await stub?.close();
});

async function says(text: string, extra: Record<string, unknown>) {
  stub.clear();
  const activity = {
    ...personalMessage({ serviceUrl: stub.url, conversationId: `a:hours-${++n}`, text }),
    ...extra,
  };
  const res = await postActivity(server.url, activity);
  expect(res.status).toBe(200);
  return heard(stub.messages());
}

describe('a closed desk, told to a Teams user in another time zone', () => {
  it("says when it opens in the desk's zone and on the user's clock", async () => {
    const said = await says('talk to a person', {
      localTimezone: 'America/Los_Angeles',
      localTimestamp: '2026-11-27T19:00:00.000-08:00',
      locale: 'en-US',
    });
    expect(said).toContain(
      'The help desk is closed right now. It opens Monday at 9:00 (Tokyo time), which is Sunday at 4:00 pm for you.',
    );
  });

  it('reads the offset of localTimestamp when no time zone is sent', async () => {
    const said = await says('talk to a person', {
      localTimezone: undefined,
      localTimestamp: '2026-11-27T22:00:00.000-05:00',
      locale: 'en-US',
    });
    expect(said).toContain('It opens Monday at 9:00 (Tokyo time), which is Sunday at 7:00 pm for you.');
  });

  it("names only the desk's zone for a user on the desk's clock", async () => {
    const said = await says('talk to a person', {
      localTimezone: 'Asia/Tokyo',
      localTimestamp: '2026-11-28T12:00:00.000+09:00',
    });
    expect(said).toContain('It opens Monday at 9:00 (Tokyo time). Your case waits');
    expect(said).not.toContain('for you');
  });
});

describe("the user's clock as an activity tells it", () => {
  it('reads the zone, the offset of the local time as sent, and the locale', () => {
    expect(
      teamsUserClock({
        localTimezone: 'Asia/Kolkata',
        rawLocalTimestamp: '2026-11-28T08:30:00.000+05:30',
        localTimestamp: new Date(0),
        locale: 'en-IN',
      }),
    ).toEqual({ timeZone: 'Asia/Kolkata', utcOffsetMinutes: 330, locale: 'en-IN' });
    expect(teamsUserClock({ localTimestamp: '2026-11-28T03:00:00Z' })).toEqual({
      timeZone: undefined,
      utcOffsetMinutes: 0,
      locale: undefined,
    });
  });

  it('gives nothing for an activity without them, or with fields of the wrong type', () => {
    expect(teamsUserClock({})).toBeUndefined();
    expect(teamsUserClock({ localTimestamp: new Date(0) })).toBeUndefined();
    const wrong = { localTimezone: 42, rawLocalTimestamp: ['x'], localTimestamp: {}, locale: 7 };
    expect(teamsUserClock(wrong as never)).toBeUndefined();
  });
});
