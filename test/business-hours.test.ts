// The help desk's hours as a user meets them: open or closed now, and when it opens next, in words.
import { describe, expect, it } from 'vitest';
import {
  deskStatus,
  isTimeZone,
  parseHours,
  type Schedule,
  userOpensWords,
  zoneName,
} from '../src/core/business-hours.ts';

const schedule = (spec: string, timeZone = 'Europe/London', closed: string[] = []): Schedule => {
  const parsed = parseHours(spec);
  if ('problems' in parsed) throw new Error(parsed.problems.join('; '));
  return { windows: parsed.windows, closed: new Set(closed), timeZone };
};
// 2026-11-25 is a Wednesday.
const at = (iso: string) => Date.parse(iso);

describe('when the reference desk (Mon–Fri 9–17, closed weekends) is open', () => {
  const desk = schedule('Mon-Fri 09:00-17:00');
  it.each<[string, string, string | undefined]>([
    ['Wednesday 10:00', '2026-11-25T10:00:00Z', undefined],
    ['Wednesday 08:59', '2026-11-25T08:59:00Z', 'today at 9:00'],
    ['Wednesday 17:00', '2026-11-25T17:00:00Z', 'tomorrow at 9:00'],
    ['Friday 18:30', '2026-11-27T18:30:00Z', 'Monday at 9:00'],
    ['Saturday noon', '2026-11-28T12:00:00Z', 'Monday at 9:00'],
    ['Sunday 23:59', '2026-11-29T23:59:00Z', 'tomorrow at 9:00'],
  ])('%s → %s', (_when, iso, opens) => {
    const status = deskStatus(desk, at(iso));
    expect(status.open).toBe(opens === undefined);
    expect(status.opensWords).toBe(opens);
  });

  it('gives the exact moment it opens, in the desk time zone', () => {
    const ny = schedule('Mon-Fri 09:00-17:00', 'America/New_York');
    const status = deskStatus(ny, at('2026-11-28T12:00:00Z'));
    expect(new Date(status.opensAt ?? 0).toISOString()).toBe('2026-11-30T14:00:00.000Z');
  });

  it('skips a closed date (a holiday) and says the day', () => {
    const status = deskStatus(
      schedule('Mon-Fri 9-17', 'Europe/London', ['2026-11-26']),
      at('2026-11-25T18:00:00Z'),
    );
    expect(status.opensWords).toBe('Friday at 9:00');
  });

  it('reads several windows, single days and Mon-Sun', () => {
    const desk2 = schedule('Mon-Fri 08:00-18:00, Sat 10:00-14:00');
    expect(deskStatus(desk2, at('2026-11-28T09:00:00Z')).opensWords).toBe('today at 10:00');
    expect(deskStatus(desk2, at('2026-11-28T11:00:00Z')).open).toBe(true);
    expect(deskStatus(schedule('Mon-Sun 00:00-24:00'), at('2026-11-29T03:00:00Z')).open).toBe(true);
  });

  it.each(['', 'weekdays', 'Mon-Fri 17:00-09:00', 'Mon-Fri 9-25', 'Funday 9-17'])(
    '%j is refused with a clear problem',
    (spec) => {
      const parsed = parseHours(spec);
      expect('problems' in parsed && parsed.problems.length).toBeTruthy();
    },
  );

  it('knows real time zones from made-up ones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('when the desk opens, for a user in another time zone (a fixed clock)', () => {
  const tokyo = schedule('Mon-Fri 09:00-17:00', 'Asia/Tokyo');
  // Saturday 2026-11-28 12:00 in Tokyo (03:00 UTC); Friday 19:00 in Los Angeles.
  const now = at('2026-11-28T03:00:00Z');
  const status = deskStatus(tokyo, now);

  it('says the desk opens Monday at 9:00, which is Sunday 4:00 pm in Los Angeles', () => {
    expect(status).toMatchObject({ open: false, opensWords: 'Monday at 9:00' });
    expect(new Date(status.opensAt ?? 0).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(
      userOpensWords(status.opensAt ?? 0, now, 'Asia/Tokyo', {
        timeZone: 'America/Los_Angeles',
        locale: 'en-US',
      }),
    ).toBe('Sunday at 4:00 pm');
  });

  it("counts today and tomorrow on the user's own calendar, not the desk's", () => {
    // Sunday 2026-11-29 18:00 in Tokyo is Sunday 01:00 in Los Angeles: the desk opens "tomorrow", Sunday 4 pm is "today".
    const sunday = at('2026-11-29T09:00:00Z');
    const s2 = deskStatus(tokyo, sunday);
    expect(s2.opensWords).toBe('tomorrow at 9:00');
    const la = { timeZone: 'America/Los_Angeles', locale: 'en-US' };
    expect(userOpensWords(s2.opensAt ?? 0, sunday, 'Asia/Tokyo', la)).toBe('today at 4:00 pm');
  });

  it('uses a 24-hour clock where the locale does, and only an offset when no zone is sent', () => {
    const opens = status.opensAt ?? 0;
    expect(userOpensWords(opens, now, 'Asia/Tokyo', { timeZone: 'Europe/Berlin', locale: 'de-DE' })).toBe(
      'Monday at 1:00',
    );
    expect(userOpensWords(opens, now, 'Asia/Tokyo', { utcOffsetMinutes: -300, locale: 'en-US' })).toBe(
      'Sunday at 7:00 pm',
    );
    expect(userOpensWords(opens, now, 'Asia/Tokyo', { timeZone: 'Mars/Olympus' })).toBeUndefined();
  });

  it("says nothing more when the user's clock reads like the desk's, or is not known", () => {
    const opens = status.opensAt ?? 0;
    expect(
      userOpensWords(opens, now, 'Asia/Tokyo', { timeZone: 'Asia/Tokyo', locale: 'en-US' }),
    ).toBeUndefined();
    expect(userOpensWords(opens, now, 'Asia/Tokyo', { utcOffsetMinutes: 540 })).toBeUndefined();
    expect(userOpensWords(opens, now, 'Asia/Tokyo', undefined)).toBeUndefined();
    expect(userOpensWords(opens, now, 'Asia/Tokyo', {})).toBeUndefined();
  });

  it.each([
    ['Asia/Tokyo', 'Tokyo'],
    ['America/New_York', 'New York'],
    ['America/Argentina/Buenos_Aires', 'Buenos Aires'],
    ['UTC', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['Etc/GMT-9', 'GMT+9'],
  ])('names the zone %s as people say it: %s', (zone, name) => {
    expect(zoneName(zone)).toBe(name);
  });
});
