// Who may use the agent console: holders of AGENT_CONSOLE_TOKEN, or (when no token is set) callers on this machine only.
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { isLoopbackAddress, isLoopbackHost } from '../loopback.ts';

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Middleware: with a token, requires `Authorization: Bearer <token>` (401 otherwise); without, loopback callers only (403). */
export function requireAgent(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (token) {
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (given && same(given, token)) return next();
      res.status(401).json({ error: 'the agent console needs its token (AGENT_CONSOLE_TOKEN)' });
      return;
    }
    if (isLoopbackAddress(req.socket.remoteAddress) && isLoopbackHost(req.get('host'))) return next();
    res
      .status(403)
      .json({ error: 'the agent console answers this machine only; set AGENT_CONSOLE_TOKEN to open it up' });
  };
}
