// The help desk's hours as a user meets them: open or closed now, and when it opens next, in words.
import { describe, expect, it } from 'vitest';
import { deskStatus, isTimeZone, parseHours, type Schedule } from '../src/core/business-hours.ts';

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
