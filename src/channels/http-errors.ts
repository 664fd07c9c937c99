// The server's last error handler: what a request gets when no route answered its error itself (docs/operations.md).
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../app/logger.ts';

/** What an error from express or its body parsers carries. */
interface HttpError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
}

/**
 * Answers an error no router handled as short JSON, never express's default page with the stack: a client error
 * (unreadable or oversized body, a path that cannot be decoded) keeps its 4xx; anything else is logged and gets 500.
 */
export function createErrorHandler(log: Logger): ErrorRequestHandler {
  return (err: HttpError | undefined, req, res, next) => {
    if (res.headersSent) return next(err);
    const given = err?.status ?? err?.statusCode;
    const status = typeof given === 'number' && given >= 400 && given < 600 ? given : 500;
    if (status >= 500) {
      log.error({ err, method: req.method, path: req.path }, 'request failed');
      res.status(500).json({ error: 'something went wrong; try again' });
      return;
    }
    const error =
      err?.type === 'entity.too.large'
        ? 'request body is too large'
        : err?.type === 'entity.parse.failed'
          ? 'request body is not valid JSON'
          : 'bad request';
    res.status(status).json({ error });
  };
}
