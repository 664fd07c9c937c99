// What becomes of a delivery from the outbox that failed: when it is tried again, when it is given up on
// (dead-lettered for an operator), and what of the error is kept on its row.

/** The outbox's retry policy in one place: 8 tries, 5 s apart and doubling (at most 10 min), ±10 % jitter. */
export const OUTBOX_RETRY = {
  maxAttempts: 8,
  firstDelayMs: 5_000,
  maxDelayMs: 600_000,
  jitter: 0.1,
} as const;

/** The wait after failed try number `attempt` (1, 2, …): 5 s, 10 s, 20 s … at most 10 minutes, jittered by `random`. */
export function outboxRetryDelay(attempt: number, random: () => number = Math.random): number {
  const { firstDelayMs, maxDelayMs, jitter } = OUTBOX_RETRY;
  const base = firstDelayMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 20);
  const spread = 1 + jitter * (2 * random() - 1);
  return Math.round(Math.min(maxDelayMs, base * spread));
}

/** Slack answers (HTTP 200, `ok: false`) that are worth trying again; any other Slack error is final. */
const SLACK_TRANSIENT = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

const fieldOf = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/**
 * The HTTP status a platform answered with: `statusCode` (Bot Framework, Slack HTTP errors), `status`, or
 * `response.status`; else "answered 404" in the message (the SMS client and the ticket webhook say it so).
 */
function statusOf(err: unknown): number | undefined {
  for (const value of [
    fieldOf(err, 'statusCode'),
    fieldOf(err, 'status'),
    fieldOf(fieldOf(err, 'response'), 'status'),
  ])
    if (typeof value === 'number' && value >= 100 && value <= 599) return value;
  const said = /\banswered (\d{3})\b/.exec(String(fieldOf(err, 'message') ?? ''));
  return said ? Number(said[1]) : undefined;
}

/**
 * True when trying again cannot help, so the delivery is dead-lettered at once: a 4xx answer other than 408
 * and 429 (a user who blocked the bot, a number that opted out at the provider, a conversation that is gone),
 * a Slack platform error other than the passing ones, or an error that says so (`permanent: true`).
 * Network failures, 5xx, 408 and 429 are passing.
 */
export function isPermanentFailure(err: unknown): boolean {
  if (fieldOf(err, 'permanent') === true) return true;
  if (fieldOf(err, 'code') === 'slack_webapi_platform_error') {
    const slack = fieldOf(fieldOf(err, 'data'), 'error');
    return !(typeof slack === 'string' && SLACK_TRANSIENT.has(slack));
  }
  const status = statusOf(err);
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** Longest error text kept on an outbox row. */
const ERROR_CHARS = 200;

/**
 * The error as kept on the row and shown on the console: its first line, at most 200 characters, with URLs
 * cut to their host and path, credentials, tokens and phone numbers taken out.
 */
export function shortError(err: unknown): string {
  const message = fieldOf(err, 'message');
  const text = typeof message === 'string' && message ? message : String(err);
  const clean = (text.split('\n')[0] ?? '')
    .replace(/\b(https?):\/\/(?:[^\s/@]+@)?([^\s/?#]+)([^\s?#]*)[^\s]*/gi, '$1://$2$3')
    .replace(/\b(Bearer|Basic)\s+\S+/gi, '$1 [redacted]')
    .replace(/\bxox[a-z]-[\w-]+/gi, '[redacted]')
    .replace(/\b(AC|SK)[0-9a-f]{32}\b/gi, '[redacted]')
    .replace(/\b[\w-]{40,}\b/g, '[redacted]')
    .replace(/\+\d{6,15}\b|\b\d{10,15}\b/g, (digits) => `[number …${digits.slice(-2)}]`)
    .trim();
  return clean.length > ERROR_CHARS ? `${clean.slice(0, ERROR_CHARS - 1)}…` : clean || 'unknown error';
}
