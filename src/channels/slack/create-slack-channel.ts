// The Slack channel: bolt on the one HTTP server at POST /slack/events, or over Socket Mode when SLACK_APP_TOKEN is set.
import { createRequire } from 'node:module';
import type * as Bolt from '@slack/bolt';
import { Router } from 'express';
import type { HandoffService, QueueTarget, UserChannel } from '../../app/handoff-contracts.ts';
import { BadDataError, StoreUnavailableError } from '../../store/conversation-store.ts';
import { createBoltLogger } from './bolt-logger.ts';
import { registerCaseActions } from './case-action-listeners.ts';
import { type CaseDesk, createCaseDesk } from './case-desk.ts';
import { registerCaseThreads } from './case-thread-listeners.ts';
import { registerHomeTab } from './home-tab.ts';
import { slackRequestWindow } from './request-window.ts';
import { SLACK_EVENTS_PATH, type SlackBotEvent } from './slack-contract.ts';
import type { SlackDeps } from './slack-deps.ts';
import { createSlackPictureFetcher } from './slack-files.ts';
import { createSlackQueueTarget } from './slack-queue-target.ts';
import { isSlackShaped } from './slack-request-shape.ts';
import type { SlackSettings } from './slack-settings.ts';
import { createSlackUserChannel } from './slack-user-channel.ts';
import { registerTriage } from './triage-listeners.ts';
import { registerVpncode } from './vpncode-listeners.ts';

/** The running Slack channel. */
export interface SlackChannel {
  mode: 'http' | 'socket';
  /** `POST /slack/events`, signature-checked, for the one HTTP server; undefined in Socket Mode. */
  router?: Router;
  /** The slash commands and bot events the listeners are registered for (the manifest must list exactly these). */
  registered: { commands: string[]; events: SlackBotEvent[] };
  /** Reaches Slack users outside a request (their DM), for the handoff service's 'slack' user channel. */
  users: UserChannel;
  /**
   * Makes the escalation `channel` (a channel id the bot is in) the help desk's queue for `handoffs`: case buttons
   * and thread replies there start acting on cases; returns the 'slack' queue target to add to the service.
   */
  serveQueue(handoffs: HandoffService, channel: string): QueueTarget;
  /** Connects Socket Mode in the background (failures are logged, the process stays up); a no-op over HTTP. */
  start(): Promise<void>;
  /** Disconnects Socket Mode; a no-op over HTTP. */
  stop(): Promise<void>;
}

/** The largest request body read before the signature check; Slack's payloads are far smaller. */
const MAX_BODY_BYTES = 1024 * 1024;

/** True when a listener failed with an error of `kind` (bolt wraps listener errors in `original` / `originals`). */
const failedWith = (err: unknown, kind: new (...args: never[]) => Error): boolean => {
  const e = err as { original?: unknown; originals?: unknown[] } | undefined;
  return (
    err instanceof kind ||
    e?.original instanceof kind ||
    (Array.isArray(e?.originals) && e.originals.some((o) => failedWith(o, kind)))
  );
};

/** bolt, loaded on first use: a server without Slack settings never pays for it at start-up. */
const loadBolt = () => createRequire(import.meta.url)('@slack/bolt') as typeof Bolt;

/** Web API client options: SLACK_API_URL when set, and retries short enough to answer inside Slack's 3 s. */
function clientOptions(settings: SlackSettings): Bolt.webApi.WebClientOptions {
  const base = settings.apiUrl ? settings.apiUrl.replace(/\/*$/, '/') : undefined;
  return {
    ...(base ? { slackApiUrl: base } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 800 },
    timeout: 5000,
  };
}

/**
 * Builds the Slack channel: the bolt App with every listener, bolt's v0 signature check behind a check that the
 * request is dated within 5 minutes either way (bolt only refuses old ones; a bad request gets 401 and reaches no
 * listener) and processBeforeResponse, so a listener that fails because the store
 * is down turns into a 503 for Slack to retry, a signed body Slack never sends (see isSlackShaped) into a 400, and
 * any other failure into a 500.
 */
export function createSlackChannel(deps: SlackDeps & { settings: SlackSettings }): SlackChannel {
  const { App, ExpressReceiver, webApi } = loadBolt();
  const { settings, log } = deps;
  const logger = createBoltLogger(log);
  const options = clientOptions(settings);
  const socket = Boolean(settings.appToken);
  const receiver = socket
    ? undefined
    : new ExpressReceiver({
        signingSecret: settings.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        processBeforeResponse: true,
        bodyLimit: MAX_BODY_BYTES,
        logger,
        processEventErrorHandler: async ({ error, request, response }) => {
          if (response.headersSent) return false;
          const shaped = isSlackShaped((request as { body?: unknown }).body);
          if (!shaped) log.warn('slack: a signed request without the fields Slack sends refused with 400');
          const refused = failedWith(error, BadDataError) || !shaped;
          response.writeHead(failedWith(error, StoreUnavailableError) ? 503 : refused ? 400 : 500).end();
          return false;
        },
      });
  const client = new webApi.WebClient(settings.botToken, { ...options, logger });
  let identity: Promise<{ botId?: string; botUserId?: string }> | undefined;
  const authorize: Bolt.Authorize<boolean> = async () => {
    identity ??= client.auth.test().then(
      (who) => ({ botId: who.bot_id, botUserId: who.user_id }),
      (err: unknown) => {
        identity = undefined;
        throw err;
      },
    );
    return { botToken: settings.botToken, ...(await identity) };
  };
  const app = new App({
    ...(receiver ? { receiver } : { socketMode: true, appToken: settings.appToken }),
    authorize,
    logger,
    clientOptions: options,
    convoStore: false,
  });
  app.error(async (error) => {
    if (failedWith(error, StoreUnavailableError))
      log.warn('slack: store down; answered with a 5xx for Slack to retry');
    else log.error({ err: error }, 'slack: a listener failed');
    throw error;
  });

  let desk: CaseDesk | undefined;
  registerCaseActions(app, deps, () => desk);
  const registered = {
    commands: [registerVpncode(app, deps)],
    events: [
      ...registerTriage(
        app,
        deps,
        createSlackPictureFetcher({ botToken: settings.botToken, apiUrl: settings.apiUrl }),
      ),
      registerHomeTab(app, deps),
      ...registerCaseThreads(app, deps, () => desk),
    ],
  };

  // The date is checked before bolt's receiver, which refuses old requests but takes future-dated ones.
  let router: Router | undefined;
  if (receiver) {
    router = Router();
    router.post(SLACK_EVENTS_PATH, slackRequestWindow(log));
    router.use(receiver.router as Router);
  }

  return {
    mode: socket ? 'socket' : 'http',
    router,
    registered,
    users: createSlackUserChannel(client),
    serveQueue: (handoffs, channel) => {
      desk = createCaseDesk(handoffs);
      // No client-side retries: the handoff service retries durably, after checking nothing already went out.
      const queueClient = new webApi.WebClient(settings.botToken, {
        ...options,
        retryConfig: { retries: 0 },
        logger,
      });
      return createSlackQueueTarget({ client: queueClient, channel, phrases: deps.bot.content.phrases, log });
    },
    start: async () => {
      if (!socket) return;
      app.start().then(
        () => log.info('slack: Socket Mode connected'),
        (err: unknown) => log.error({ err }, 'slack: Socket Mode could not connect; check SLACK_APP_TOKEN'),
      );
    },
    stop: async () => {
      if (socket)
        await app.stop().catch((err: unknown) => log.warn({ err }, 'slack: Socket Mode stop failed'));
    },
  };
}
