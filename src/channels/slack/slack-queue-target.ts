// The escalation channel as the help desk's queue: posts each case's card, keeps it current, relays the talk into its thread.
import type { QueueTarget } from '../../app/handoff-contracts.ts';
import type { Logger } from '../../app/logger.ts';
import type { HandoffCase } from '../../core/handoff-case.ts';
import type { Phrases } from '../../core/phrases.ts';
import { CASE_EVENT_TYPE, casePostMessage, relayMessages, type TaggedMessage } from './case-messages.ts';
import { slackBody } from './slack-messages.ts';
import type { SlackClient } from './slack-turns.ts';
import { findTagged } from './tagged-messages.ts';

/** The queue target's name, also the `via` of agents working from Slack (their lines are not echoed back). */
export const SLACK_QUEUE_TARGET = 'slack';

/** Where a case's post is: the message `ts` in `channel` (stored durably on the case by the handoff service). */
export interface SlackPostRef {
  channel: string;
  ts: string;
}

/** What the target is built from: a Web API client without its own retries (the service retries) and the channel. */
export interface SlackQueueDeps {
  client: SlackClient;
  channel: string;
  phrases: Phrases;
  log: Logger;
}

/** The ref as stored on a case, or undefined when it is not a Slack post ref. */
export function readPostRef(ref: unknown): SlackPostRef | undefined {
  const r = ref as Partial<SlackPostRef> | undefined;
  return typeof r?.channel === 'string' && typeof r.ts === 'string'
    ? { channel: r.channel, ts: r.ts }
    : undefined;
}

/** The Slack post of a case when it has one. */
export function slackPostOf(c: HandoffCase): SlackPostRef | undefined {
  const post = c.posts.find((p) => p.target === SLACK_QUEUE_TARGET);
  return post?.postedAt ? readPostRef(post.ref) : undefined;
}

/** True when an earlier attempt for this case failed, so it may have reached Slack without our hearing back. */
const retrying = (c: HandoffCase): boolean =>
  (c.posts.find((p) => p.target === SLACK_QUEUE_TARGET)?.attempts ?? 0) > 0;

const metadata = (msg: TaggedMessage) => ({
  event_type: CASE_EVENT_TYPE,
  event_payload: { case_id: msg.tag.case_id, part: msg.tag.part },
});

/**
 * The 'slack' queue target: `post` puts the case card in the channel and returns its {channel, ts}; `update`
 * rewrites that message; `relay` posts the new lines in its thread. Every call throws when Slack refuses or cannot
 * be reached (so the service retries), and a retry first looks for the tagged message so nothing is posted twice.
 */
export function createSlackQueueTarget(deps: SlackQueueDeps): QueueTarget {
  const { client, channel, phrases, log } = deps;
  const send = async (msg: TaggedMessage, where: { channel: string; threadTs?: string }) => {
    const res = await client.chat.postMessage({
      channel: where.channel,
      ...slackBody(msg),
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      metadata: metadata(msg),
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!res.ok || !res.ts) throw new Error(`chat.postMessage failed: ${res.error ?? 'no ts'}`);
    return { channel: res.channel ?? where.channel, ts: res.ts };
  };
  const refOf = (ref: unknown): SlackPostRef => {
    const r = readPostRef(ref);
    if (!r) throw new Error('the case has no Slack post to update');
    return r;
  };

  return {
    name: SLACK_QUEUE_TARGET,

    async post(c, card) {
      const msg = casePostMessage(c, card, phrases);
      if (retrying(c)) {
        const ts = await findTagged(client, { channel, sinceMs: c.createdAt }, msg.tag, log);
        if (ts) return { channel, ts } satisfies SlackPostRef;
      }
      return (await send(msg, { channel })) satisfies SlackPostRef;
    },

    async update(c, ref, card) {
      const where = refOf(ref);
      const msg = casePostMessage(c, card, phrases);
      const res = await client.chat.update({
        channel: where.channel,
        ts: where.ts,
        ...slackBody(msg),
        metadata: metadata(msg),
      });
      if (!res.ok) throw new Error(`chat.update failed: ${res.error ?? 'unknown'}`);
    },

    async relay(c, ref, lines) {
      const where = refOf(ref);
      const again = retrying(c);
      for (const msg of relayMessages(c, lines, phrases)) {
        const thread = { channel: where.channel, threadTs: where.ts };
        if (again && (await findTagged(client, { ...thread, sinceMs: lines[0]?.at ?? 0 }, msg.tag, log)))
          continue;
        await send(msg, thread);
      }
    },
  };
}
