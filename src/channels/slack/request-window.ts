// Slack's replay window on both sides: bolt refuses requests dated over 5 minutes ago but takes any future date.
import type { RequestHandler } from 'express';
import type { Logger } from '../../app/logger.ts';

/** How far a request's X-Slack-Request-Timestamp may be from this machine's clock, either way (Slack's 5 minutes). */
export const SLACK_WINDOW_SECONDS = 5 * 60;

/**
 * Answers 401, before bolt reads the body, to a request whose `X-Slack-Request-Timestamp` is missing, not a whole
 * number of seconds, or more than 5 minutes from `now` in either direction; passes the rest on to bolt, which checks
 * the signature (a request signed for a future time could otherwise be replayed until then).
 */
export function slackRequestWindow(log: Logger, now: () => number = Date.now): RequestHandler {
  return (req, res, next) => {
    const stamp = req.headers['x-slack-request-timestamp'];
    const seconds = typeof stamp === 'string' && /^\d{1,12}$/.test(stamp.trim()) ? Number(stamp) : Number.NaN;
    const skew = Math.abs(Math.floor(now() / 1000) - seconds);
    if (skew <= SLACK_WINDOW_SECONDS) {
      next();
      return;
    }
    log.warn(
      { skewSeconds: Number.isFinite(skew) ? skew : undefined },
      'slack: request dated outside the 5-minute window',
    );
    res.status(401).end();
  };
}
