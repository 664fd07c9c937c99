// What a provider's form webhook (SMS, voice) answers when the request itself is wrong, before any turn runs.
import type { ErrorRequestHandler, RequestHandler } from 'express';

/** 405 with `Allow: POST`, for any other method on a webhook path. */
export const postOnly: RequestHandler = (_req, res) => {
  res.status(405).set('Allow', 'POST').type('text/plain').send('use POST');
};

/**
 * Answers what express's form reader refused: 413 for a body over its limit, the 4xx it chose for anything else it
 * could not read; errors that are not the request's fault go to `other`.
 */
export function formBodyErrors(other: ErrorRequestHandler): ErrorRequestHandler {
  return (err: { type?: unknown; status?: unknown }, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err.type === 'entity.too.large') res.status(413).type('text/plain').send('form body too large');
    else if (typeof err.status === 'number' && err.status >= 400 && err.status < 500)
      res.status(err.status).type('text/plain').send('bad request');
    else other(err, req, res, next);
  };
}
