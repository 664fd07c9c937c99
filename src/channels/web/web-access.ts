// Who may use the web chat (WEB_CHAT); how often is web-limits.ts.
import type { RequestHandler } from 'express';
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
