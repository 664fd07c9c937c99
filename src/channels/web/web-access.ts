// Who may use the web chat (WEB_CHAT) and how often: a public page must not become a way to flood the help desk.
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { isLoopbackAddress, isLoopbackHost } from '../loopback.ts';

/** Middleware for WEB_CHAT: `on` lets everyone in, `local` this machine only (403 otherwise), `off` nobody (404). */
export function webChatAccess(access: 'on' | 'local' | 'off'): RequestHandler {
  return (req, res, next) => {
    if (access === 'on') return next();
    if (access === 'local' && isLoopbackAddress(req.socket.remoteAddress) && isLoopbackHost(req.get('host')))
      return next();
    if (access === 'off') res.status(404).json({ error: 'not found' });
    else res.status(403).json({ error: 'the web chat answers this machine only (WEB_CHAT=local)' });
  };
}

/** Per-caller limits on the web chat's API: turns and polls per minute, and far fewer pictures (each is OCR work). */
export function webChatLimits(): { api: RequestHandler; pictures: RequestHandler } {
  const limited = (limit: number): RequestHandler =>
    rateLimit({
      windowMs: 60_000,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      validate: { xForwardedForHeader: false },
      message: { error: 'too many requests from this address; wait a minute' },
    });
  return { api: limited(120), pictures: limited(10) };
}
