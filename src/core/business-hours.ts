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
      const when =
        offset === 0
          ? 'today'
          : offset === 1
            ? 'tomorrow'
            : offset < 7
              ? DAY_NAMES[day.day]
              : `${DAY_NAMES[day.day]} ${day.dayOfMonth} ${MONTHS[day.month - 1]}`;
      return {
        open: false,
        opensAt: epochOf(day, w.from, timeZone),
        opensWords: `${when} at ${clock(w.from)}`,
      };
    }
  }
  return { open: false };
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
