// The agent console's list of undelivered messages (the outbox's dead letters): what, to whom, how often tried,
// what went wrong, and Retry or Discard for each.
import { type Request, type Response, Router } from 'express';
import type { HandoffService } from '../../app/handoff-contracts.ts';
import type { Logger } from '../../app/logger.ts';
import type { Reply } from '../../core/card.ts';
import { StoreUnavailableError } from '../../store/conversation-store.ts';
import type { DeadLetter, Outbox } from '../../store/handoff-store.ts';
import { callerOf } from './console-auth.ts';

/** What the routes need; they are mounted behind the console's guard on /agent/api. */
export interface DeadLetterRoutesDeps {
  outbox: Outbox;
  /** Runs a delivery pass, so a retried message goes out at once. */
  handoffs: Pick<HandoffService, 'dispatch'>;
  log: Logger;
}

/** A dead letter as the console shows it: never the address (phone number, chat id), only channel and case. */
export interface DeadLetterView {
  id: number;
  what: string;
  /** The channel's name as people say it ("SMS", "Teams", "ticket system"). */
  to: string;
  caseId?: string;
  /** The start of the message, for telling messages apart. */
  preview?: string;
  attempts: number;
  lastError: string;
  deadAt: number;
  createdAt?: number;
}

/** How many dead letters the list shows at most (the counts say how many there are). */
const LIST_LIMIT = 50;
const PREVIEW_CHARS = 120;
const CHANNEL_NAMES: Record<string, string> = {
  teams: 'Teams',
  botframework: 'Bot Framework chat',
  slack: 'Slack',
  sms: 'SMS',
  web: 'web chat',
};

const fieldOf = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
const textOf = (value: unknown, max: number) =>
  typeof value === 'string' && value.trim() ? value.trim().replace(/\s+/g, ' ').slice(0, max) : undefined;

const previewOf = (replies: unknown): string | undefined => {
  const first = Array.isArray(replies) ? (replies[0] as Reply | undefined) : undefined;
  const text = textOf(first?.kind === 'card' ? first.card?.summary : fieldOf(first, 'text'), 400);
  return text && text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
};

/** What a dead letter was and whom it was for, read from its payload as the handoff service wrote it. */
export function deadLetterView(d: DeadLetter): DeadLetterView {
  const base = {
    id: d.id,
    attempts: d.attempts,
    lastError: d.lastError,
    deadAt: d.deadAt,
    createdAt: d.createdAt,
  };
  if (d.kind === 'user') {
    const channel = textOf(fieldOf(d.payload, 'channel'), 40) ?? 'unknown';
    const caseId = textOf(fieldOf(d.payload, 'caseId'), 40);
    return {
      ...base,
      what: caseId ? 'Message to the user' : 'Message to the user (no case: a reminder or a note)',
      to: CHANNEL_NAMES[channel] ?? channel,
      ...(caseId ? { caseId } : {}),
      preview: previewOf(fieldOf(d.payload, 'replies')),
    };
  }
  if (d.kind === 'webhook') {
    const event = textOf(fieldOf(d.payload, 'event'), 40) ?? 'event';
    const caseId = textOf(fieldOf(fieldOf(d.payload, 'case'), 'id'), 40);
    return { ...base, what: `Ticket webhook: ${event}`, to: 'ticket system', ...(caseId ? { caseId } : {}) };
  }
  return { ...base, what: textOf(d.kind, 40) ?? 'delivery', to: 'unknown' };
}

/**
 * GET /agent/api/dead-letters (the list, newest first, with the pending and dead counts);
 * POST /agent/api/dead-letters/:id/retry (pending again, tries reset, sent at once) and …/:id/discard (deleted).
 * An id that is no dead letter answers 404.
 */
export function createDeadLetterRoutes(deps: DeadLetterRoutesDeps): Router {
  const { outbox, log } = deps;
  const router = Router();
  const fail = (res: Response, err: unknown) => {
    const down = err instanceof StoreUnavailableError;
    log.error({ err }, 'agent console: undelivered messages');
    res.status(down ? 503 : 500).json({
      error: down ? 'the store is not answering; try again in a moment' : 'that did not work; try again',
    });
  };
  const gone = (res: Response) =>
    res.status(404).json({ error: 'That message is no longer in the undelivered list.' });
  const idOf = (req: Request) =>
    /^\d{1,15}$/.test(String(req.params.id)) ? Number(req.params.id) : undefined;
  /** Who pressed the button, for the log: the signed-in agent, else the name the page sends. */
  const byWhom = (req: Request, res: Response) => {
    const caller = callerOf(res);
    return { agent: caller?.name ?? textOf(fieldOf(req.body, 'agent'), 60), signIn: caller?.signIn };
  };

  router.get('/agent/api/dead-letters', async (_req, res) => {
    try {
      const [items, counts] = await Promise.all([outbox.deadLetters(LIST_LIMIT), outbox.counts()]);
      res.json({ ...counts, items: items.map(deadLetterView) });
    } catch (err) {
      fail(res, err);
    }
  });
  router.post('/agent/api/dead-letters/:id/retry', async (req, res) => {
    const id = idOf(req);
    try {
      if (id === undefined || !(await outbox.revive(id))) return void gone(res);
      log.info({ outboxId: id, ...byWhom(req, res) }, 'agent console: undelivered message retried');
      void deps.handoffs.dispatch();
      res.json({ ok: true });
    } catch (err) {
      fail(res, err);
    }
  });
  router.post('/agent/api/dead-letters/:id/discard', async (req, res) => {
    const id = idOf(req);
    try {
      if (id === undefined || !(await outbox.discard(id))) return void gone(res);
      log.info({ outboxId: id, ...byWhom(req, res) }, 'agent console: undelivered message discarded');
      res.json({ ok: true });
    } catch (err) {
      fail(res, err);
    }
  });
  return router;
}
