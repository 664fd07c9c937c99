// The local web chat: a phone-first page that renders the bot's Adaptive Cards, and the JSON API it talks to.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type RequestHandler, Router } from 'express';
import type { Bot } from '../../app/create-bot.ts';
import type { Logger } from '../../app/logger.ts';
import type { Reply } from '../../core/card.ts';
import { renderAdaptiveReply } from '../../render/adaptive-card.ts';
import { BadDataError, StoreUnavailableError } from '../../store/conversation-store.ts';
import type { Mailbox } from '../../store/handoff-store.ts';
import { pageHeaders } from './page-headers.ts';
import { CONVERSATION_ID, readTurnRequest } from './turn-request.ts';
import { webChatAccess } from './web-access.ts';
import { inboxKey } from './web-inbox.ts';
import { createWebChatLimits, type WebChatLimitSettings } from './web-limits.ts';

/** What the web chat needs: the bot and a logger. */
export interface WebChatDeps {
  bot: Bot;
  log: Logger;
  /** Where messages for web users wait (agent replies during a handoff); without it the inbox answers empty. */
  mailbox?: Mailbox;
  /** WEB_CHAT: everyone (default), this machine only, or nobody. */
  access?: 'on' | 'local' | 'off';
  /** Changes to the request budgets (web-limits.ts); tests shrink them, the server uses the defaults. */
  limits?: Partial<WebChatLimitSettings>;
}

/** The path the page posts a photo or screenshot of the error to (raw image body, ?conversationId=…). */
export const PICTURE_PATH = '/web/api/picture';

/** The path the page polls for messages that arrived outside a turn. */
export const INBOX_PATH = '/web/api/inbox';

/** The API path the page posts each turn to. */
export const TURN_PATH = '/web/api/turn';

/** The largest picture the page may send (the reader's own limit). */
const MAX_PICTURE = '5mb';

/** The largest request body the API reads; anything bigger gets a 413. */
export const MAX_BODY = '16kb';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const ADAPTIVECARDS_BUNDLE = createRequire(import.meta.url).resolve(
  'adaptivecards/dist/adaptivecards.min.js',
);

const apiHeaders: RequestHandler = (_req, res, next) => {
  res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  next();
};

const requireJson: RequestHandler = (req, res, next) => {
  if (req.is('application/json')) return next();
  res.status(415).json({ error: 'send the turn as JSON with Content-Type: application/json' });
};

/**
 * The web chat router: `GET /` (the page), `/web/static/*` (its JS and CSS), `/web/vendor/adaptivecards.min.js`
 * and `POST /web/api/turn`; it answers only those paths, and every API answer is JSON without internals.
 */
export function createWebChatRouter({
  bot,
  log,
  mailbox,
  access = 'on',
  limits: budgets,
}: WebChatDeps): Router {
  const router = Router();
  const gate = webChatAccess(access);
  const { turns, pictures, polls, proxyHint } = createWebChatLimits(log, budgets);
  router.get('/', gate, pageHeaders, (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile('index.html', { root: PUBLIC_DIR });
  });
  router.use('/web/static', gate, pageHeaders, express.static(PUBLIC_DIR, { index: false, redirect: false }));
  router.use('/web/api', gate, apiHeaders, proxyHint);
  router.get('/web/vendor/adaptivecards.min.js', pageHeaders, (_req, res) => {
    res.sendFile(ADAPTIVECARDS_BUNDLE);
  });

  router.post(
    TURN_PATH,
    requireJson,
    express.json({ limit: MAX_BODY, strict: true }),
    turns.perConversation,
    turns.perAddress,
    async (req, res) => {
      const read = readTurnRequest(req.body, req.get('x-request-id'));
      if (!read.ok) {
        res.status(400).json({ error: read.error });
        return;
      }
      const { conversationId, input, messageId } = read.turn;
      try {
        const from = { channel: 'web', address: { conversationId }, userName: 'Web chat user' };
        const turn = await bot.handle(`web:${conversationId}`, input, messageId, from);
        res.json({ replies: turn.replies.map(renderAdaptiveReply), duplicate: turn.duplicate });
      } catch (err) {
        if (err instanceof StoreUnavailableError) {
          log.error({ err, conversationId }, 'web chat: store unavailable');
          res
            .status(503)
            .json({ replies: [renderAdaptiveReply({ kind: 'text', text: bot.unavailableText() })] });
          return;
        }
        if (err instanceof BadDataError) {
          res.status(400).json({ error: 'that request carries data the bot cannot keep' });
          return;
        }
        log.error({ err, conversationId }, 'web chat: turn failed');
        res.status(500).json({ error: 'the bot failed to answer; try again' });
      }
    },
  );
  router.post(
    PICTURE_PATH,
    pictures.perConversation,
    pictures.perAddress,
    express.raw({ type: () => true, limit: MAX_PICTURE }),
    async (req, res) => {
      const conversationId = String(req.query.conversationId ?? '');
      if (!CONVERSATION_ID.test(conversationId)) {
        res.status(400).json({ error: 'give conversationId (8-64 of A-Z, a-z, 0-9, _ or -)' });
        return;
      }
      const image = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const requestId = req.get('x-request-id');
      const messageId = requestId && CONVERSATION_ID.test(requestId) ? requestId : undefined;
      const from = { channel: 'web', address: { conversationId }, userName: 'Web chat user' };
      try {
        const turn = await bot.readPicture(`web:${conversationId}`, image, messageId, from);
        res.json({ replies: turn.replies.map(renderAdaptiveReply), duplicate: turn.duplicate });
      } catch (err) {
        const down = err instanceof StoreUnavailableError;
        log.error({ err }, down ? 'web chat: store unavailable' : 'web chat: picture failed');
        res
          .status(down ? 503 : 500)
          .json({ replies: [renderAdaptiveReply({ kind: 'text', text: bot.unavailableText() })] });
      }
    },
  );
  router.get(INBOX_PATH, polls.perConversation, polls.perAddress, async (req, res) => {
    const conversationId = String(req.query.conversationId ?? '');
    const after = Number(req.query.after ?? 0);
    if (!CONVERSATION_ID.test(conversationId) || !Number.isSafeInteger(after) || after < 0) {
      res
        .status(400)
        .json({ error: 'give conversationId (8-64 of A-Z, a-z, 0-9, _ or -) and after (a message id)' });
      return;
    }
    try {
      const items = mailbox ? await mailbox.after(inboxKey(conversationId), after, 50) : [];
      res.json({
        messages: items.map((m) => ({ id: m.id, replies: (m.payload as Reply[]).map(renderAdaptiveReply) })),
      });
    } catch (err) {
      log.error({ err }, 'web chat: inbox unavailable');
      res.status(503).json({ messages: [], error: 'try again' });
    }
  });
  router.all(TURN_PATH, (_req, res) => {
    res.status(405).set('Allow', 'POST').json({ error: 'use POST' });
  });

  const apiErrors: ErrorRequestHandler = (err: { type?: unknown; status?: unknown }, _req, res, next) => {
    if (res.headersSent) return next(err);
    const status = typeof err.status === 'number' ? err.status : 500;
    if (err.type === 'entity.too.large') res.status(413).json({ error: 'request body is too large' });
    else if (err.type === 'entity.parse.failed')
      res.status(400).json({ error: 'request body is not valid JSON' });
    else if (status >= 400 && status < 500) res.status(status).json({ error: 'bad request' });
    else {
      log.error({ err }, 'web chat: request failed');
      res.status(500).json({ error: 'the bot failed to answer; try again' });
    }
  };
  router.use(TURN_PATH, apiErrors);
  router.use(PICTURE_PATH, apiErrors);
  return router;
}
