// Agents writing to the user: a person's message in the thread of a case post goes to the user through the bot.
import type { App } from '@slack/bolt';
import type { CaseChange } from '../../core/handoff-case.ts';
import { escapeSlackMrkdwn } from '../../render/escape.ts';
import { agentFromMessage, type CaseDesk, caseOfPost, refusalText } from './case-desk.ts';
import type { SlackBotEvent } from './slack-contract.ts';
import type { SlackDeps } from './slack-deps.ts';
import { fromSlackText } from './slack-markup.ts';
import { deliver } from './slack-turns.ts';

type Loose = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const REMEMBERED_EVENTS = 1000;

/** A person's new reply in a thread (no bot, no edit; "also send to channel" counts), as the fields read here. */
function threadReply(event: unknown) {
  const e = event as Loose;
  const user = str(e.user);
  const channel = str(e.channel);
  const ts = str(e.ts);
  const threadTs = str(e.thread_ts);
  const subtypeOk = e.subtype === undefined || e.subtype === 'thread_broadcast';
  if (!subtypeOk || e.bot_id !== undefined || !user || !channel || !threadTs || threadTs === ts) return;
  return { user, channel, threadTs, text: typeof e.text === 'string' ? e.text : '' };
}

/**
 * Registers the listener for messages in channels (message.channels / message.groups): a person's reply in a case
 * post's thread is decoded to plain text and said to the user (`agentSays`; the first one claims a queued case);
 * a refusal comes back to the agent ephemeral in the thread. A Slack retry of an event this process has handled
 * or is still handling is dropped, so nothing reaches the user twice; a retry after a failed attempt is handled
 * (a lost message is worse than a repeated one). Other channel messages are ignored. Returns the events used.
 */
export function registerCaseThreads(
  app: App,
  deps: SlackDeps,
  desk: () => CaseDesk | undefined,
): SlackBotEvent[] {
  const phrases = deps.bot.content.phrases;
  /** Event ids being handled or handled, oldest first; a failed attempt is forgotten so its retry runs. */
  const handled = new Set<string>();
  app.event('message', async ({ event, body, context, client }) => {
    const queue = desk();
    const msg = threadReply(event);
    if (!queue || !msg || (event as unknown as Loose).channel_type === 'im') return;
    const c = await caseOfPost(queue.handoffs, msg.channel, msg.threadTs);
    const text = fromSlackText(msg.text).trim();
    if (!c || !text) return;
    const eventId = str(body.event_id) ?? `${msg.channel}:${str((event as unknown as Loose).ts)}`;
    if (context.retryNum && handled.has(eventId)) return;
    handled.add(eventId);
    if (handled.size > REMEMBERED_EVENTS) handled.delete(handled.values().next().value ?? '');
    let result: CaseChange;
    try {
      result = await queue.handoffs.agentSays(c.id, agentFromMessage(queue, c, msg.user, phrases), text);
    } catch (err) {
      handled.delete(eventId);
      throw err;
    }
    if (result.ok) return;
    await deliver(deps, 'case note to an agent', () =>
      client.chat.postEphemeral({
        channel: msg.channel,
        user: msg.user,
        thread_ts: msg.threadTs,
        text: escapeSlackMrkdwn(refusalText(phrases, result)),
      }),
    );
  });
  return ['message.channels', 'message.groups'];
}
