// Who may use the agent console, and who they are: a per-agent token, a sign-in proxy's identity header, the shared
// AGENT_CONSOLE_TOKEN (agents then name themselves), or (with none of these) callers on this machine only.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../app/logger.ts';
import { isLoopbackAddress, isLoopbackHost } from '../loopback.ts';
import type { AgentToken } from './agent-tokens.ts';
import { LOOPBACK_PROXIES, trustedProxies } from './trusted-proxies.ts';

/** How agents sign in to the console (docs/handoff.md). */
export interface ConsoleSignIn {
  /** AGENT_CONSOLE_TOKEN: one token for the whole desk; agents then say who they are. */
  sharedToken?: string;
  /** AGENT_TOKENS: each agent's own token; the token says who the agent is. */
  agentTokens?: readonly AgentToken[];
  /** AGENT_IDENTITY_HEADER: a header naming the agent, set by a sign-in (SSO) proxy. */
  identityHeader?: string;
  /** AGENT_PROXY_ADDRESSES: the callers whose identity header is believed; default loopback. */
  proxyAddresses?: readonly string[];
  /** Overrides the address check (tests); default: `proxyAddresses` against the socket's remote address. */
  isTrustedProxy?: (address: string | undefined) => boolean;
}

/** Who is at the console: `name` when the sign-in says who they are; without it the agent names themselves. */
export interface ConsoleCaller {
  name?: string;
  signIn: 'agent-token' | 'proxy' | 'shared-token' | 'loopback';
}

/** Names a sign-in proxy may vouch for: agent names, plus @ and + (e-mail addresses), up to 100 characters. */
const PROXY_NAME = /^[\p{L}\p{N} .'_@+-]{1,100}$/u;

// Digests first, so the comparison takes the same time whatever the lengths.
const digest = (s: string) => createHash('sha256').update(s).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/** The holder of `given` among `tokens`, comparing against every token in constant time. */
function holderOf(tokens: readonly AgentToken[], given: string): AgentToken | undefined {
  let found: AgentToken | undefined;
  for (const t of tokens) if (same(given, t.token) && !found) found = t;
  return found;
}

/** The caller `requireAgent` let through. */
export function callerOf(res: Response): ConsoleCaller {
  return res.locals.consoleCaller as ConsoleCaller;
}

const bearer = (req: Request) => /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';

/**
 * Middleware: lets a caller through with who they are (see `callerOf`), or answers 401 (no or wrong token), or 403
 * (loopback-only console, or a proxy that sent an unusable name). With agent tokens or an identity header every
 * caller must be one of the named agents; a header from an address outside the trusted list is ignored.
 */
export function requireAgent(signIn: ConsoleSignIn, log: Logger): RequestHandler {
  const tokens = signIn.agentTokens ?? [];
  const header = signIn.identityHeader;
  const trusted = signIn.isTrustedProxy ?? trustedProxies(signIn.proxyAddresses ?? LOOPBACK_PROXIES);
  const named = tokens.length > 0 || Boolean(header);
  const pass = (res: Response, caller: ConsoleCaller) => {
    res.locals.consoleCaller = caller;
  };
  return (req, res, next) => {
    const vouched = header ? req.get(header) : undefined;
    if (header && vouched !== undefined) {
      const from = req.socket.remoteAddress;
      if (trusted(from)) {
        const name = vouched.trim();
        if (!PROXY_NAME.test(name)) {
          res.status(403).json({ error: `the sign-in proxy sent no usable agent name in ${header}` });
          return;
        }
        pass(res, { name, signIn: 'proxy' });
        return next();
      }
      log.warn({ from, header }, 'agent console: identity header from an untrusted address ignored');
    }
    const given = bearer(req);
    const holder = given ? holderOf(tokens, given) : undefined;
    if (holder) {
      pass(res, { name: holder.name, signIn: 'agent-token' });
      return next();
    }
    if (named) {
      res.status(401).json({
        error: tokens.length
          ? 'sign in with your own agent token (AGENT_TOKENS)'
          : 'sign in through the help desk sign-in page',
      });
      return;
    }
    if (signIn.sharedToken) {
      if (given && same(given, signIn.sharedToken)) {
        pass(res, { signIn: 'shared-token' });
        return next();
      }
      res.status(401).json({ error: 'the agent console needs its token (AGENT_CONSOLE_TOKEN)' });
      return;
    }
    if (isLoopbackAddress(req.socket.remoteAddress) && isLoopbackHost(req.get('host'))) {
      pass(res, { signIn: 'loopback' });
      return next();
    }
    res
      .status(403)
      .json({ error: 'the agent console answers this machine only; set AGENT_CONSOLE_TOKEN to open it up' });
  };
}
