// How often the web chat answers: budgets per conversation and per caller address, kept apart for turns, pictures
// and inbox polls, so a busy office behind one proxy, or an idle tab polling, does not lock out the next real turn.
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Logger } from '../../app/logger.ts';
import { renderAdaptiveReply } from '../../render/adaptive-card.ts';
import { CONVERSATION_ID } from './turn-request.ts';

/** Requests allowed per window, per budget; the defaults and their reasons are in docs/configuration.md. */
export interface WebChatLimitSettings {
  windowMs: number;
  turnsPerConversation: number;
  turnsPerAddress: number;
  picturesPerConversation: number;
  picturesPerAddress: number;
  pollsPerConversation: number;
  pollsPerAddress: number;
}

/** A minute's budgets: a person types far below 30 turns, 600 covers an office behind one address, polls allow 8 tabs. */
export const DEFAULT_WEB_CHAT_LIMITS: WebChatLimitSettings = {
  windowMs: 60_000,
  turnsPerConversation: 30,
  turnsPerAddress: 600,
  picturesPerConversation: 10,
  picturesPerAddress: 20,
  pollsPerConversation: 240,
  pollsPerAddress: 2400,
};

/** One route's limiters, to run in this order: the conversation's budget first, then the caller address's. */
export interface RouteLimits {
  perConversation: RequestHandler;
  perAddress: RequestHandler;
}

/** The web chat's limiters: turns, pictures and inbox polls each spend their own budgets. */
export interface WebChatLimits {
  turns: RouteLimits;
  pictures: RouteLimits;
  polls: RouteLimits;
  /** Logs once when callers send X-Forwarded-For while TRUST_PROXY is unset (all of them then share one budget). */
  proxyHint: RequestHandler;
}

/** Where a route carries its conversation id: the JSON body (turns) or the query string (pictures, polls). */
type ConversationOf = (req: Request) => unknown;
const fromBody: ConversationOf = (req) =>
  (req.body as { conversationId?: unknown } | undefined)?.conversationId;
const fromQuery: ConversationOf = (req) => req.query.conversationId;

const conversationKey = (of: ConversationOf) => (req: Request) => {
  const id = of(req);
  return typeof id === 'string' && CONVERSATION_ID.test(id) ? id : '';
};

/** The caller as express sees it (req.ip: the socket address, or the client a trusted proxy names), IPv6 by /56. */
const addressKey = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');

const SAY = {
  conversation: 'You’re sending messages faster than I can answer. Wait a minute, then tap Retry.',
  address: 'Lots of people on your network are using this chat right now. Wait a minute, then tap Retry.',
  pictures: 'That’s a lot of pictures in a short time. Wait a minute, or type the error number instead.',
  polls: 'Checking for messages too often; the page will check again shortly.',
} as const;

/**
 * The web chat's limiters with `overrides` on the defaults; 429 answers are JSON with an `error` and, for turns and
 * pictures, a short `replies` line the page shows under the message it marks "Not sent".
 */
export function createWebChatLimits(
  log: Logger,
  overrides: Partial<WebChatLimitSettings> = {},
): WebChatLimits {
  const s = { ...DEFAULT_WEB_CHAT_LIMITS, ...overrides };
  const limiter = (limit: number, key: (req: Request) => string, say: string, replies: boolean) =>
    rateLimit({
      windowMs: s.windowMs,
      limit,
      keyGenerator: key,
      skip: (req) => key(req) === '',
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      logger: {
        warn: (err: unknown) => log.warn({ err }, 'web chat limits: check the settings'),
        error: (err: unknown) => log.error({ err }, 'web chat limits: check the settings'),
      },
      handler: (_req, res) => {
        res.status(429).json({
          error: say,
          ...(replies ? { replies: [renderAdaptiveReply({ kind: 'text', text: say })] } : {}),
        });
      },
    });
  const route = (
    of: ConversationOf,
    perConversation: number,
    perAddress: number,
    say: string,
    replies: boolean,
  ): RouteLimits => ({
    perConversation: limiter(perConversation, conversationKey(of), say, replies),
    perAddress: limiter(perAddress, addressKey, replies ? SAY.address : say, replies),
  });
  let hinted = false;
  return {
    turns: route(fromBody, s.turnsPerConversation, s.turnsPerAddress, SAY.conversation, true),
    pictures: route(fromQuery, s.picturesPerConversation, s.picturesPerAddress, SAY.pictures, true),
    polls: route(fromQuery, s.pollsPerConversation, s.pollsPerAddress, SAY.polls, false),
    proxyHint: (req, _res, next) => {
      if (!hinted && req.headers['x-forwarded-for'] && req.app.get('trust proxy') === false) {
        hinted = true;
        log.warn(
          'web chat: requests carry X-Forwarded-For but TRUST_PROXY is unset, so everyone behind that proxy shares one ' +
            "address's limits; set TRUST_PROXY (docs/configuration.md)",
        );
      }
      next();
    },
  };
}
