// One log line per HTTP request (pino-http) with a request id, and nothing secret or personal in it (docs/operations.md, "Logs").
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../app/logger.ts';

/** An incoming X-Request-Id kept as the request's id: short, and only characters that cannot forge a log line. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Headers whose values are credentials or signatures. */
const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|x-slack-signature|x-twilio-signature|x-vpnbot-signature)$|token|secret|api-key/i;
/** Query parameters whose values are credentials. */
const SECRET_PARAM = /token|secret|passw|sig|auth|key|session/i;
/** A query value that looks like a phone number: an optional +, then at least 7 digits among spaces, dots, dashes, brackets. */
const PHONE_LIKE = /^\+?[\d\s().-]{7,}$/;
/** Paths polled by probes and scrapers: logged at debug, so they do not drown the real traffic. */
const QUIET_PATHS = new Set(['/livez', '/readyz', '/healthz', '/metrics']);

const REDACTED = '[redacted]';

const decode = (s: string) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
};

/** `url` with secret-named and phone-like query values replaced by [redacted]; the path is kept as sent. */
export function loggableUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = decode(pair.slice(0, eq));
      const value = decode(pair.slice(eq + 1));
      const phoneLike = PHONE_LIKE.test(value) && value.replace(/\D/g, '').length >= 7;
      return SECRET_PARAM.test(name) || phoneLike ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, at)}?${query}`;
}

/** The request headers with every credential and signature replaced by [redacted]. */
export function loggableHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, SECRET_HEADER.test(name) ? REDACTED : value]),
  );
}

const pathOf = (req: IncomingMessage) => (req.url ?? '/').split('?')[0] ?? '/';
const urlOf = (req: IncomingMessage) =>
  loggableUrl((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/');

/** The id a request is logged under: a sane incoming X-Request-Id, else a new UUID; echoed in the response header. */
function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Middleware: logs each request once it is answered, with its id, method, URL (secrets masked), caller address,
 * headers (credentials masked), status and time taken; never bodies. Probes and /metrics at debug whatever their
 * status (a failing readiness check logs its own error), other 5xx at error, the rest at info.
 */
export function createRequestLog(log: Logger): RequestHandler {
  const middleware = pinoHttp({
    logger: log,
    genReqId: requestIdOf,
    customLogLevel: (req, res, err) => {
      if (QUIET_PATHS.has(pathOf(req))) return 'debug';
      return err || res.statusCode >= 500 ? 'error' : 'info';
    },
    customSuccessMessage: (req, res) => `${req.method} ${urlOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${urlOf(req)} ${res.statusCode}`,
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string; headers: object }) => ({
        id: req.id,
        method: req.method,
        url: loggableUrl(req.url),
        remoteAddress: req.remoteAddress,
        headers: loggableHeaders(req.headers as Record<string, unknown>),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return (req, res, next) => middleware(req, res, next);
}
