// The monthly "test your VPN" reminder: offered with the pre-travel advice, sent on a working day, easy to stop.
import { afterEach, describe, expect, it } from 'vitest';
import { nextMonthlyCheck, parseHours, type Schedule } from '../src/core/business-hours.ts';
import { type HandoffHarness, startHandoffHarness } from './helpers/handoff-server.ts';
import { startSmsHarness } from './helpers/sms-server.ts';

const desk = (spec: string, closed: string[] = [], timeZone = 'Europe/London'): Schedule => {
  const parsed = parseHours(spec);
  if ('problems' in parsed) throw new Error(parsed.problems.join());
  return { windows: parsed.windows, closed: new Set(closed), timeZone };
};
const iso = (epoch: number) => new Date(epoch).toISOString();

describe('when the next monthly check goes out', () => {
  it.each<[string, string, string[], string]>([
    [
      'late November → Tuesday 1 December, an hour after opening',
      '2026-11-25T12:00:00Z',
      [],
      '2026-12-01T10:00:00.000Z',
    ],
    ['mid December → Friday 1 January', '2026-12-15T12:00:00Z', [], '2027-01-01T10:00:00.000Z'],
    [
      '…unless New Year is a holiday → Monday 4 January',
      '2026-12-15T12:00:00Z',
      ['2027-01-01'],
      '2027-01-04T10:00:00.000Z',
    ],
    ['late January → Monday 1 February', '2027-01-20T08:00:00Z', [], '2027-02-01T10:00:00.000Z'],
  ])('%s', (_why, now, closed, expected) => {
    expect(iso(nextMonthlyCheck(desk('Mon-Fri 09:00-17:00', closed), Date.parse(now)))).toBe(expected);
  });

  it('a desk in New York sends at 10:00 its time; a desk that never closes at 10:00', () => {
    expect(
      iso(nextMonthlyCheck(desk('Mon-Fri 9-17', [], 'America/New_York'), Date.parse('2026-11-25T12:00:00Z'))),
    ).toBe('2026-12-01T15:00:00.000Z');
    expect(iso(nextMonthlyCheck(desk('Mon-Sun 0-24'), Date.parse('2026-11-25T12:00:00Z')))).toBe(
      '2026-12-01T10:00:00.000Z',
    );
  });
});

describe('a traveller asks for the reminder in the web chat', () => {
  let h: HandoffHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });
  const USER = 'traveller-0001';
  const inbox = async (after = 0) =>
    JSON.stringify(
      await (await fetch(`${h?.url}/web/api/inbox?conversationId=${USER}&after=${after}`)).json(),
    );
  /** Presses a button of the reminder card as the page would (its Action.Submit data). */
  const tap = async (action: Record<string, unknown>) => {
    const res = await fetch(`${h?.url}/web/api/turn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: USER, action: { vpnbot: action } }),
    });
    return JSON.stringify(await res.json());
  };
  const monthLater = async () => {
    if (!h) throw new Error('no harness');
    h.clock.now += 40 * 86_400_000;
    const sent = await h.composed.reminders.runDue();
    await h.composed.handoffs.dispatch();
    return sent;
  };

  it('is offered with the pre-travel advice, arrives a month later, and stops when asked', async () => {
    h = await startHandoffHarness({ HELPDESK_TZ: 'Europe/London' });
    const advice = await h.userSays(
      USER,
      "i'm flying to singapore next week, how do i make sure the vpn works",
    );
    expect(advice).toMatch(
      /Before you travel.*Want a monthly reminder to test your VPN\?.*Remind me monthly/,
    );
    expect(await h.userSays(USER, 'remind me monthly')).toMatch(/Once a month/);

    expect(await monthLater()).toBe(1);
    const reminder = await inbox();
    for (const text of ['Time for your monthly VPN test', 'It works', "It doesn't work", 'Stop reminders'])
      expect(reminder).toContain(text);
    expect(await tap({ type: 'command', command: 'reminder_ok' })).toMatch(/you're all set/);

    expect(await h.userSays(USER, 'stop reminders')).toMatch(/no more reminders/);
    expect(await monthLater()).toBe(0);
  });

  it('"It doesn\'t work" on the reminder starts the troubleshooting', async () => {
    h = await startHandoffHarness();
    await h.userSays(USER, 'remind me monthly');
    await monthLater();
    expect(await tap({ type: 'command', command: 'start' })).toMatch(/Is the internet really working/);
  });
});

describe('by SMS', () => {
  it('a texted "remind me monthly" arrives by SMS; STOP forgets the number, its transcript and its reminders', async () => {
    const h = await startSmsHarness();
    try {
      const alice = '+15551239876';
      expect((await h.text(alice, 'remind me monthly')).messages.join(' ')).toMatch(/Once a month/);
      h.clock.now += 40 * 86_400_000;
      expect(await h.composed.reminders.runDue()).toBe(1);
      await h.composed.handoffs.dispatch();
      expect(h.api.delivered().at(-1)?.form.Body).toMatch(/monthly VPN test[\s\S]*Reply 1 It works/);
      expect((await h.text(alice, '1')).messages.join(' ')).toMatch(/you're all set/);

      await h.text(alice, 'STOP');
      expect(await h.composed.handoffStores.transcripts.recent(`sms:${alice}`, 40)).toEqual([]);
      h.clock.now += 40 * 86_400_000;
      expect(await h.composed.reminders.runDue()).toBe(0);
    } finally {
      await h.stop();
    }
  });
});
