// The steps every Slack listener shares: whose conversation it is, running a turn safely, and posting the answer.
import type { AllMiddlewareArgs } from '@slack/bolt';
import type { BotTurn } from '../../app/create-bot.ts';
import type { UserRef } from '../../app/handoff-contracts.ts';
import type { Input } from '../../core/engine.ts';
import { escapeSlackMrkdwn } from '../../render/escape.ts';
import { StoreUnavailableError } from '../../store/conversation-store.ts';
import type { SlackDeps } from './slack-deps.ts';
import { type SlackMessage, slackBody } from './slack-messages.ts';

/** The Slack Web API client bolt hands each listener. */
export type SlackClient = AllMiddlewareArgs['client'];

/** The conversation key of one person's triage with the bot: `slack:<team>:<user>`, whichever surface they use. */
export function conversationKey(teamId: string | undefined, userId: string): string {
  return `slack:${teamId || '-'}:${userId}`;
}

/**
 * Runs one turn for `key`. When the store is down it sends `tell` the short "try again" text (not on Slack's
 * retries, so it is said once) and rethrows, so the listener fails and Slack gets a 5xx to retry later.
 */
export async function runTurn(
  deps: SlackDeps,
  turn: { key: string; input: Input; from: UserRef; messageId?: string; retryNum?: number },
  tell: (mrkdwn: string) => Promise<unknown>,
): Promise<BotTurn> {
  return tellWhenStoreDown(deps, turn.retryNum, tell, () =>
    deps.bot.handle(turn.key, turn.input, turn.messageId, turn.from),
  );
}

/** Runs the turn a picture makes (bot.readPicture) for `key`, with runTurn's "try again" when the store is down. */
export async function runPictureTurn(
  deps: SlackDeps,
  turn: { key: string; image: Uint8Array; from: UserRef; messageId?: string; retryNum?: number },
  tell: (mrkdwn: string) => Promise<unknown>,
): Promise<BotTurn> {
  return tellWhenStoreDown(deps, turn.retryNum, tell, () =>
    deps.bot.readPicture(turn.key, turn.image, turn.messageId, turn.from),
  );
}

async function tellWhenStoreDown(
  deps: SlackDeps,
  retryNum: number | undefined,
  tell: (mrkdwn: string) => Promise<unknown>,
  run: () => Promise<BotTurn>,
): Promise<BotTurn> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof StoreUnavailableError && !retryNum) {
      await tell(escapeSlackMrkdwn(deps.bot.unavailableText())).catch((e: unknown) =>
        deps.log.warn({ err: e }, 'slack: could not tell the user the store is down'),
      );
    }
    throw err;
  }
}

/**
 * Runs `send` (posting an answer already decided and saved); a Slack API failure is logged, not thrown, because a
 * retried request would be recognised as a duplicate and answered with nothing.
 */
export async function deliver(deps: SlackDeps, what: string, send: () => Promise<unknown>): Promise<void> {
  const sending = (async () => {
    try {
      await send();
    } catch (err) {
      deps.log.error({ err, what }, 'slack: could not deliver a message');
    }
  })();
  // Slack wants its HTTP answer within 3 s, and bolt answers after the listener: past the budget, the
  // delivery goes on in the background and the request is answered.
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, DELIVERY_BUDGET_MS);
  });
  await Promise.race([sending, budget]);
  clearTimeout(timer);
}

/** How long a listener waits for its Slack API calls before letting bolt answer the request. */
export const DELIVERY_BUDGET_MS = 1000;

/** The id of the app's DM with `userId` (conversations.open; needs im:write). */
export async function openDm(client: SlackClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const id = opened.channel?.id;
  if (!id) throw new Error('conversations.open returned no channel');
  return id;
}

/** Posts the messages to `channel` in order (in the thread `threadTs` when given). */
export async function postMessages(
  client: SlackClient,
  channel: string,
  messages: readonly SlackMessage[],
  threadTs?: string,
): Promise<void> {
  for (const msg of messages) {
    await client.chat.postMessage({
      channel,
      ...slackBody(msg),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
  }
}
