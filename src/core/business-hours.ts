// The help desk's opening hours: parsed from a short spec ("Mon-Fri 09:00-17:00, Sat 10:00-14:00"), read in a time zone.

/** One opening window on one weekday (0 = Monday … 6 = Sunday), in minutes after local midnight. */
export interface Window {
  day: number;
  from: number;
  to: number;
}

/** The desk's schedule: weekly windows, closed dates (YYYY-MM-DD, local) and the IANA time zone. */
export interface Schedule {
  windows: Window[];
  closed: ReadonlySet<string>;
  timeZone: string;
}

/** Whether the desk is open at a moment, and if not, when it next opens (epoch ms and in words). */
export interface DeskStatus {
  open: boolean;
  opensAt?: number;
  opensWords?: string;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);

const dayIndex = (text: string): number =>
  DAYS.indexOf(text.slice(0, 3).toLowerCase() as (typeof DAYS)[number]);

const minutes = (text: string): number | undefined => {
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return undefined;
  return h * 60 + min;
};

/** Parses an hours spec; returns the windows, or the problems (each naming the part it could not read). */
export function parseHours(spec: string): { windows: Window[] } | { problems: string[] } {
  const windows: Window[] = [];
  const problems: string[] = [];
  const parts = spec
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) problems.push('no opening hours given');
  for (const part of parts) {
    const m =
      /^([a-z]{3,9})(?:\s*-\s*([a-z]{3,9}))?\s+(\d{1,2}(?::\d{2})?)\s*-\s*(\d{1,2}(?::\d{2})?)$/i.exec(part);
    const first = m ? dayIndex(m[1] ?? '') : -1;
    const last = m ? (m[2] ? dayIndex(m[2]) : first) : -1;
    const from = m ? minutes(m[3] ?? '') : undefined;
    const to = m ? minutes(m[4] ?? '') : undefined;
    if (!m || first < 0 || last < 0 || from === undefined || to === undefined || to <= from) {
      problems.push(`"${part}" is not like "Mon-Fri 09:00-17:00"`);
      continue;
    }
    for (let d = first; ; d = (d + 1) % 7) {
      windows.push({ day: d, from, to });
      if (d === last) break;
    }
  }
  return problems.length ? { problems } : { windows };
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

interface LocalTime {
  date: string;
  day: number;
  minute: number;
  year: number;
  month: number;
  dayOfMonth: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function localTime(epoch: number, timeZone: string): LocalTime {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(epoch).map((x) => [x.type, x.value]));
  const year = Number(p.year);
  const month = Number(p.month);
  const dayOfMonth = Number(p.day);
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    day: dayIndex(p.weekday ?? ''),
    minute: Number(p.hour) * 60 + Number(p.minute),
    year,
    month,
    dayOfMonth,
  };
}

/** The epoch of a local wall-clock time (date parts + minute of day) in `timeZone`. */
function epochOf(t: LocalTime, minute: number, timeZone: string): number {
  const wall = Date.UTC(t.year, t.month - 1, t.dayOfMonth, 0, minute);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const seen = localTime(guess, timeZone);
    const seenWall = Date.UTC(seen.year, seen.month - 1, seen.dayOfMonth, 0, seen.minute);
    guess += wall - seenWall;
  }
  return guess;
}

const clock = (minute: number) => `${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}`;
/** The same minute on a 12-hour clock: "8:00 pm", "12:30 am". */
const clock12 = (minute: number) => {
  const h = Math.floor(minute / 60);
  return `${h % 12 || 12}:${String(minute % 60).padStart(2, '0')} ${h < 12 ? 'am' : 'pm'}`;
};

/** A day `offset` days after today, in words: "today", "tomorrow", "Monday", or beyond a week "Monday 7 December". */
function dayWords(offset: number, day: LocalTime): string {
  if (offset === 0) return 'today';
  if (offset === 1) return 'tomorrow';
  if (offset < 7) return DAY_NAMES[day.day] ?? '';
  return `${DAY_NAMES[day.day]} ${day.dayOfMonth} ${MONTHS[day.month - 1]}`;
}

/** Days from one local date to another (both read on the same clock). */
const daysBetween = (from: LocalTime, to: LocalTime) =>
  Math.round(
    (Date.UTC(to.year, to.month - 1, to.dayOfMonth) - Date.UTC(from.year, from.month - 1, from.dayOfMonth)) /
      86_400_000,
  );

/** Is the desk open at `now`; if not, when does it next open, in words relative to `now` ("Monday at 9:00"). */
export function deskStatus(schedule: Schedule, now: number): DeskStatus {
  const { timeZone } = schedule;
  const today = localTime(now, timeZone);
  for (let offset = 0; offset <= 370; offset++) {
    const day =
      offset === 0 ? today : localTime(epochOf(today, 12 * 60, timeZone) + offset * 86_400_000, timeZone);
    if (schedule.closed.has(day.date)) continue;
    const windows = schedule.windows.filter((w) => w.day === day.day).sort((a, b) => a.from - b.from);
    for (const w of windows) {
      if (offset === 0 && today.minute >= w.to) continue;
      if (offset === 0 && today.minute >= w.from) return { open: true };
      return {
        open: false,
        opensAt: epochOf(day, w.from, timeZone),
        opensWords: `${dayWords(offset, day)} at ${clock(w.from)}`,
      };
    }
  }
  return { open: false };
}

/** The desk's time zone as people say it: "Tokyo" for Asia/Tokyo, "New York", "UTC", "GMT+9" for Etc/GMT-9. */
export function zoneName(timeZone: string): string {
  if (/^(Etc\/)?(UTC|UCT|GMT|GMT0|Greenwich|Universal|Zulu)$/i.test(timeZone)) return 'UTC';
  if (timeZone.startsWith('Etc/') || !timeZone.includes('/')) {
    try {
      const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(
        0,
      );
      return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
    } catch {
      return timeZone;
    }
  }
  return (timeZone.split('/').at(-1) ?? timeZone).replace(/_/g, ' ');
}

/**
 * What a user's channel says about their clock: an IANA zone (Teams' localTimezone), or at least the offset from
 * UTC their device showed (Teams' localTimestamp), and their locale (for a 12- or 24-hour clock).
 */
export interface UserClock {
  timeZone?: string;
  utcOffsetMinutes?: number;
  locale?: string;
}

/** The wall clock of `epoch` for the user, or undefined when their clock is not known. */
function userLocalTime(epoch: number, clock: UserClock): LocalTime | undefined {
  if (clock.timeZone && isTimeZone(clock.timeZone)) return localTime(epoch, clock.timeZone);
  const offset = clock.utcOffsetMinutes;
  if (offset === undefined || !Number.isFinite(offset) || Math.abs(offset) > 18 * 60) return undefined;
  return localTime(epoch + offset * 60_000, 'UTC');
}

/** True when the locale writes times on a 12-hour clock ("8:00 pm"), as en-US does. */
function twelveHour(locale: string | undefined): boolean {
  if (!locale) return false;
  try {
    const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
    return cycle === 'h11' || cycle === 'h12';
  } catch {
    return false;
  }
}

/**
 * When the desk opens (`opensAt`) on the user's own clock, relative to `now` there: "Sunday at 8:00 pm",
 * "today at 4:00 pm". Undefined when their clock is not known, or when it reads the same as the desk's (`deskZone`),
 * so the desk's words already say it.
 */
export function userOpensWords(
  opensAt: number,
  now: number,
  deskZone: string,
  user: UserClock | undefined,
): string | undefined {
  if (!user) return undefined;
  const theirs = userLocalTime(opensAt, user);
  const today = userLocalTime(now, user);
  if (!theirs || !today) return undefined;
  const desk = localTime(opensAt, deskZone);
  if (theirs.date === desk.date && theirs.minute === desk.minute) return undefined;
  const time = twelveHour(user.locale) ? clock12(theirs.minute) : clock(theirs.minute);
  return `${dayWords(daysBetween(today, theirs), theirs)} at ${time}`;
}

/**
 * When the monthly "test your VPN" reminder goes out after `now`: an hour after the desk first opens on or after
 * the first day of next month (so someone can help if the test fails); 10:00 local for a desk that never closes.
 */
export function nextMonthlyCheck(schedule: Schedule, now: number): number {
  const { timeZone } = schedule;
  const today = localTime(now, timeZone);
  const first: LocalTime = {
    ...today,
    year: today.month === 12 ? today.year + 1 : today.year,
    month: today.month === 12 ? 1 : today.month + 1,
    dayOfMonth: 1,
  };
  const midnight = epochOf(first, 0, timeZone);
  const status = deskStatus(schedule, midnight);
  if (status.open || status.opensAt === undefined) return epochOf(first, 10 * 60, timeZone);
  return status.opensAt + 3_600_000;
}
