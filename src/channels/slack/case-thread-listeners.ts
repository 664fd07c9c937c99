// Agents writing to the user: a person's message in the thread of a case post goes to the user through the bot.
import type { App } from '@slack/bolt';
import type { HandoffCase } from '../../core/handoff-case.ts';
import { escapeSlackMrkdwn } from '../../render/escape.ts';
import { agentFromMessage, type CaseDesk, caseOfPost, refusalText } from './case-desk.ts';
import type { SlackBotEvent } from './slack-contract.ts';
import type { SlackDeps } from './slack-deps.ts';
import { fromSlackText } from './slack-markup.ts';
import { SLACK_QUEUE_TARGET } from './slack-queue-target.ts';
import { deliver } from './slack-turns.ts';

type Loose = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const RECENT_LINES = 20;

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

/** True when the case already has this agent line from Slack among its latest lines (a retried event). */
function alreadyRelayed(c: HandoffCase, text: string): boolean {
  const clean = text.trim().slice(0, 2000);
  return c.lines
    .slice(-RECENT_LINES)
    .some((l) => l.from === 'agent' && l.via === SLACK_QUEUE_TARGET && l.text === clean);
}

/**
 * Registers the listener for messages in channels (message.channels / message.groups): a person's reply in a case
 * post's thread is decoded to plain text and said to the user (`agentSays`; the first one claims a queued case);
 * a refusal comes back to the agent ephemeral in the thread. A Slack retry whose line is already on the case is
 * dropped, so nothing reaches the user twice. Every other channel message is ignored. Returns the events used.
 */
export function registerCaseThreads(
  app: App,
  deps: SlackDeps,
  desk: () => CaseDesk | undefined,
): SlackBotEvent[] {
  const phrases = deps.bot.content.phrases;
  app.event('message', async ({ event, context, client }) => {
    const queue = desk();
    const msg = threadReply(event);
    if (!queue || !msg || (event as unknown as Loose).channel_type === 'im') return;
    const c = await caseOfPost(queue.handoffs, msg.channel, msg.threadTs);
    const text = fromSlackText(msg.text).trim();
    if (!c || !text) return;
    if (context.retryNum && alreadyRelayed(c, text)) return;
    const result = await queue.handoffs.agentSays(c.id, agentFromMessage(queue, c, msg.user, phrases), text);
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
