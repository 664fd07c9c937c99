// The Bot Framework channel: POST /api/messages (local-mode gate, lazy botbuilder, retry-friendly statuses), its user channel and its queue.

import type { TurnContext } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { Bot } from '../../app/create-bot.ts';
import type { HandoffService, QueueTarget, UserChannel } from '../../app/handoff-contracts.ts';
import type { Logger } from '../../app/logger.ts';
import {
  BadDataError,
  type ConversationStore,
  hasControlCharacters,
  StoreUnavailableError,
} from '../../store/conversation-store.ts';
import type { TeamsChannelStore } from '../../store/teams-channel-store.ts';
import { escalationChannelId } from './escalation-channel.ts';
import { createChannelLearner } from './escalation-channel-learner.ts';
import type { CaseForHandoff } from './handoff-initiation.ts';
import { isLoopbackAddress, isLoopbackHost, isLoopbackUrl } from './local-mode.ts';
import type { TeamsAdapter } from './teams-adapter.ts';
import { createTeamsCaseDesk } from './teams-case-desk.ts';
import { createTeamsQueueTarget } from './teams-queue-target.ts';
import { type TeamsSettings, teamsOffReason } from './teams-settings.ts';
import type { TeamsQueueHooks } from './teams-turn.ts';
import { createTeamsUserChannel } from './teams-user-channel.ts';

/** The channel as the server mounts it: the `/api/messages` route, and how handoffs reach its users. */
export interface TeamsChannel {
  router: Router;
  users: UserChannel;
  /**
   * Makes the Teams channel `channel` (ESCALATION_TEAMS_CHANNEL) the help desk's queue: returns its queue
   * target for `handoffs.addTarget`, and from then on turns learn where that channel is and route case
   * presses and case-thread @mentions to `handoffs`.
   */
  serveQueue(handoffs: HandoffService, channel: string): QueueTarget;
  /** From now on a handoff on a Bot Framework channel that takes it also sends the `handoff.initiate` event. */
  initiateHandoffs(handoffs: HandoffService): void;
}

/** What the Teams channel is built from. */
export interface TeamsChannelDeps {
  settings: TeamsSettings;
  /** NODE_ENV=production: without credentials the route is then not served. */
  production: boolean;
  bot: Bot;
  store: ConversationStore;
  log: Logger;
  /** Where learned channel locations are kept; needed to serve a queue (`serveQueue`). */
  channelStore?: TeamsChannelStore;
  /** How the bot gets its own tokens for replies; default botbuilder's, from MicrosoftAppId/MicrosoftAppPassword. */
  credentials?: ServiceClientCredentialsFactory;
}

/** The Bot Framework endpoint path (docs/architecture.md §4). */
export const MESSAGES_PATH = '/api/messages';

type Json = Record<string, unknown>;

/** The botbuilder half of the channel, loaded on first use. */
interface Runtime {
  adapter: TeamsAdapter;
  turn: (context: TurnContext) => Promise<void>;
}

/** Loads botbuilder (≈0.6 s) on first use, so start-up and the other channels don't wait for it. */
async function loadRuntime(
  deps: TeamsChannelDeps,
  queue: () => TeamsQueueHooks | undefined,
  caseFor: () => ((key: string) => Promise<CaseForHandoff | undefined>) | undefined,
): Promise<Runtime> {
  const [{ createTeamsAdapter }, { createTeamsTurn }] = await Promise.all([
    import('./teams-adapter.ts'),
    import('./teams-turn.ts'),
  ]);
  const turn = createTeamsTurn({
    bot: deps.bot,
    store: deps.store,
    log: deps.log,
    appId: deps.settings.appId,
    queue,
    caseFor,
  });
  return { adapter: createTeamsAdapter(deps.settings, deps.credentials), turn };
}

/** Date fields as botbuilder's own express glue fixes them, so handlers see the same activity either way. */
function fixDates(activity: Json): Json {
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity;
}

/** Activity fields the bot or botbuilder reads, by the JSON type the Bot Framework schema gives them. */
const FIELD_TYPES: [type: 'string' | 'object' | 'list of objects', fields: string[]][] = [
  [
    'string',
    ['id', 'text', 'textFormat', 'locale', 'localTimezone', 'channelId', 'serviceUrl', 'name', 'replyToId'],
  ],
  ['object', ['from', 'recipient', 'conversation', 'channelData']],
  ['list of objects', ['entities', 'attachments', 'membersAdded', 'membersRemoved']],
];

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The first field of `activity` whose value has the wrong type ("text" as an object would fail deep in the turn),
 * or undefined when all are right. A null field is taken as absent and removed.
 */
function wrongField(activity: Json): string | undefined {
  for (const [type, fields] of FIELD_TYPES)
    for (const field of fields) {
      const value = activity[field];
      if (value === undefined) continue;
      if (value === null) {
        delete activity[field];
        continue;
      }
      const right =
        type === 'string'
          ? typeof value === 'string'
          : type === 'object'
            ? isObject(value)
            : Array.isArray(value) && value.every(isObject);
      if (!right) return `${field} (expected a ${type})`;
      // botbuilder reads every entity's type to find @mentions.
      if (field === 'entities' && !(value as Json[]).every((e) => typeof e.type === 'string'))
        return 'entities (each needs a type)';
    }
  for (const field of ['id', 'conversation.id', 'from.id'] as const) {
    const [outer, inner] = field.split('.') as [string, string | undefined];
    const value = inner ? (activity[outer] as Json | undefined)?.[inner] : activity[outer];
    if (value === undefined) continue;
    if (typeof value !== 'string') return `${field} (expected a string)`;
    if (hasControlCharacters(value)) return `${field} (control characters are not allowed)`;
  }
  return undefined;
}

/**
 * The HTTP status for a failed request: 401/403 when authentication refused it before the turn, 503 when it could
 * not be checked (Microsoft's key endpoint unreachable) or the store is down, 400 for data no store may keep (a
 * NUL byte in a conversation id), else 500.
 */
function failureStatus(err: unknown, started: boolean): number {
  if (err instanceof StoreUnavailableError) return 503;
  if (err instanceof BadDataError) return 400;
  const status = (err as { statusCode?: unknown })?.statusCode;
  if (!started && (status === 401 || status === 403 || status === 503)) return status;
  if (!started && /^unauthori[sz]ed/i.test(String((err as Error)?.message))) return 401;
  return 500;
}

/**
 * The Bot Framework channel (not served, so 404, in production without credentials: docs/configuration.md). Its
 * `/api/messages` route in local mode (no MicrosoftAppId) answers 403 to any
 * caller or serviceUrl that is not loopback, before botbuilder sees the request; with an app id botbuilder
 * checks the Bot Framework token (401 without a valid one, 503 when Microsoft's keys cannot be fetched to check
 * it). An activity whose fields have the wrong types (`text` an object) gets 400. A turn that fails because the store is down
 * answers 503, others 500, so the platform retries; nothing here throws past the router.
 */
export function createTeamsChannel(deps: TeamsChannelDeps): TeamsChannel {
  const { log } = deps;
  const localMode = !deps.settings.appId;
  let runtime: Promise<Runtime> | undefined;
  let queue: TeamsQueueHooks | undefined;
  let caseFor: ((key: string) => Promise<CaseForHandoff | undefined>) | undefined;
  const load = () => {
    runtime ??= loadRuntime(
      deps,
      () => queue,
      () => caseFor,
    ).catch((err: unknown) => {
      runtime = undefined;
      throw err;
    });
    return runtime;
  };
  const router = Router();
  // Production without credentials: the route is not served at all (404), rather than served unauthenticated.
  const served = !teamsOffReason(deps.settings, deps.production);
  router.use(MESSAGES_PATH, (_req, _res, next) => next(served ? undefined : 'router'));

  const gateCaller = (req: Request, res: Response, next: NextFunction) => {
    if (localMode && !(isLoopbackAddress(req.socket.remoteAddress) && isLoopbackHost(req.get('host')))) {
      log.warn({ remote: req.socket.remoteAddress }, 'teams: local mode refuses a non-loopback caller');
      res.status(403).json({ error: 'local mode accepts loopback callers only; set MicrosoftAppId' });
      return;
    }
    next();
  };

  router.post(
    MESSAGES_PATH,
    gateCaller,
    express.json({ limit: '1mb', type: () => true }),
    async (req: Request, res: Response) => {
      const activity = req.body as unknown;
      if (typeof activity !== 'object' || activity === null || Array.isArray(activity)) {
        res.status(400).json({ error: 'expected a Bot Framework activity (JSON object)' });
        return;
      }
      const act = activity as Json;
      if (typeof act.type !== 'string' || !act.type) {
        res.status(400).json({ error: 'activity without a type' });
        return;
      }
      if (localMode && !isLoopbackUrl(act.serviceUrl)) {
        log.warn({ serviceUrl: act.serviceUrl }, 'teams: local mode refuses a non-loopback serviceUrl');
        res
          .status(403)
          .json({ error: 'local mode replies to loopback serviceUrls only; set MicrosoftAppId' });
        return;
      }
      const wrong = wrongField(act);
      if (wrong) {
        log.warn({ field: wrong, activityType: act.type }, 'teams: activity with a field of the wrong type');
        res.status(400).json({ error: `activity field of the wrong type: ${wrong}` });
        return;
      }
      let started = false;
      try {
        const { adapter, turn } = await load();
        const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
        const incoming = fixDates(act) as unknown as Parameters<TeamsAdapter['process']>[1];
        const answer = await adapter.process(auth, incoming, (context) => {
          started = true;
          return turn(context);
        });
        res.status(answer?.status ?? 200);
        if (answer?.body !== undefined) res.json(answer.body);
        else res.end();
      } catch (err) {
        const status = failureStatus(err, started);
        const denied = status === 401 || status === 403;
        if (denied) log.warn({ err: (err as Error).message }, 'teams: request not authenticated');
        else if (!started && status === 503)
          log.warn({ err: (err as Error).message }, 'teams: token not checked (key endpoint unavailable)');
        else log.error({ err, activityType: act.type }, 'teams: turn failed');
        if (!res.headersSent) res.status(status).json({ error: denied ? 'unauthorized' : 'try again' });
      }
    },
  );

  router.use(MESSAGES_PATH, (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: number }).status ?? 400;
    res.status(status >= 400 && status < 500 ? status : 400).json({ error: 'unreadable request body' });
  });

  const adapter = async () => (await load()).adapter;
  const users = createTeamsUserChannel(adapter, localMode);
  const serveQueue = (handoffs: HandoffService, channel: string): QueueTarget => {
    const channelId = escalationChannelId(channel);
    if (!channelId)
      log.warn({ channel }, 'teams: ESCALATION_TEAMS_CHANNEL is not a channel id (19:…@thread.tacv2)');
    const store = deps.channelStore;
    if (!store) throw new Error('teams: serving a queue needs a channel store');
    const learner = createChannelLearner({ channelId, store, log });
    const phrases = deps.bot.content.phrases;
    queue = { learner, desk: createTeamsCaseDesk({ handoffs, phrases, log }) };
    return createTeamsQueueTarget({ learner, adapter, localMode, phrases, log });
  };
  const initiateHandoffs = (handoffs: HandoffService) => {
    caseFor = async (key) => {
      const open = await handoffs.openCase(key);
      return open?.status === 'queued' ? open : undefined;
    };
  };
  return { router, users, serveQueue, initiateHandoffs };
}
