// The Teams escalation channel as the help desk's queue: a thread per case with its card, kept current, the talk relayed.
import type { Activity, ConversationReference } from 'botbuilder';
import type { QueueTarget } from '../../app/handoff-contracts.ts';
import type { Logger } from '../../app/logger.ts';
import type { HandoffCase } from '../../core/handoff-case.ts';
import type { Phrases } from '../../core/phrases.ts';
import { caseCardMessage, relayMessages } from './case-thread-messages.ts';
import { threadRootOf } from './escalation-channel.ts';
import type { ChannelLearner } from './escalation-channel-learner.ts';
import { isLoopbackUrl } from './local-mode.ts';
import type { OutgoingMessage } from './render-for-channel.ts';
import type { TeamsAdapter } from './teams-adapter.ts';

/** The queue target's name, also the `via` of agents working from Teams (their lines are not echoed back). */
export const TEAMS_QUEUE_TARGET = 'teams';

/** Where a case's thread is (stored durably on the case): its conversation, the card's message id, the connector. */
export interface TeamsPostRef {
  serviceUrl: string;
  /** The thread's conversation id: `<channel id>;messageid=<root message id>`. */
  conversationId: string;
  /** The id of the card message (the thread's root), for updates. */
  activityId: string;
  channelId: string;
  tenantId?: string;
  botId?: string;
}

/** What the target is built from; `adapter` loads botbuilder on first use. */
export interface TeamsQueueDeps {
  learner: ChannelLearner;
  adapter: () => Promise<TeamsAdapter>;
  /** Local mode (no app id): only loopback serviceUrls are ever called. */
  localMode: boolean;
  phrases: Phrases;
  log: Logger;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** The ref as stored on a case, or undefined when it is not a Teams post ref. */
export function readTeamsPostRef(ref: unknown): TeamsPostRef | undefined {
  const r = (typeof ref === 'object' && ref !== null ? ref : {}) as Record<string, unknown>;
  const serviceUrl = str(r.serviceUrl);
  const conversationId = str(r.conversationId);
  const channelId = str(r.channelId);
  if (!serviceUrl || !conversationId || !channelId || typeof r.activityId !== 'string') return undefined;
  return {
    serviceUrl,
    conversationId,
    activityId: r.activityId,
    channelId,
    tenantId: str(r.tenantId),
    botId: str(r.botId),
  };
}

/** The Teams thread of a case once it is posted, else undefined. */
export function teamsPostOf(c: HandoffCase): TeamsPostRef | undefined {
  const post = c.posts.find((p) => p.target === TEAMS_QUEUE_TARGET);
  return post?.postedAt ? readTeamsPostRef(post.ref) : undefined;
}

/** The lastError of a post while the bot does not know where the channel is. */
export const notLearnedYet = (channelId: string) =>
  `add the bot to the team of ESCALATION_TEAMS_CHANNEL (${channelId}) first: it learns where to post from the team's activities`;

const asActivity = (message: OutgoingMessage) => message as Partial<Activity> as Activity;

/**
 * The 'teams' queue target. `post` starts a new thread in the escalation channel with the case card and
 * returns its TeamsPostRef; `update` rewrites that card; `relay` replies in the thread ("User: …",
 * "‹agent›: …", escaped). Each throws when the channel's location is not learned yet, in local mode for a
 * non-loopback serviceUrl, or when the connector refuses, so the dispatcher retries with backoff.
 */
export function createTeamsQueueTarget(deps: TeamsQueueDeps): QueueTarget {
  const { learner, phrases, log } = deps;
  const checkUrl = (serviceUrl: string) => {
    if (deps.localMode && !isLoopbackUrl(serviceUrl))
      throw new Error('local mode sends to loopback serviceUrls only; set MicrosoftAppId');
  };
  const refOf = (ref: unknown): TeamsPostRef => {
    const post = readTeamsPostRef(ref);
    if (!post) throw new Error('the case has no Teams thread to update');
    checkUrl(post.serviceUrl);
    return post;
  };
  const threadOf = (post: TeamsPostRef): Partial<ConversationReference> => ({
    channelId: 'msteams',
    serviceUrl: post.serviceUrl,
    conversation: {
      id: post.conversationId,
      isGroup: true,
      conversationType: 'channel',
      tenantId: post.tenantId,
      name: '',
    },
    ...(post.botId ? { bot: { id: post.botId, name: '' } } : {}),
  });

  return {
    name: TEAMS_QUEUE_TARGET,

    async post(c, card) {
      const channelId = learner.channelId;
      if (!channelId)
        throw new Error(
          'ESCALATION_TEAMS_CHANNEL is not a Teams channel id (19:…@thread.tacv2) or a link to a channel',
        );
      const at = await learner.location();
      if (!at) throw new Error(notLearnedYet(channelId));
      checkUrl(at.serviceUrl);
      const bot = { id: at.botId, name: at.botName ?? '' };
      const channel = { id: at.channelId, isGroup: true, conversationType: 'channel', name: '' };
      const created = await (await deps.adapter()).createConversation(
        {
          channelId: 'msteams',
          serviceUrl: at.serviceUrl,
          conversation: { ...channel, tenantId: at.tenantId },
          bot,
        },
        {
          isGroup: true,
          bot,
          tenantId: at.tenantId,
          channelData: {
            channel: { id: at.channelId },
            ...(at.tenantId ? { tenant: { id: at.tenantId } } : {}),
          },
          activity: asActivity(caseCardMessage(c, card, phrases)),
        },
      );
      const activityId = created.activityId ?? threadRootOf(created.id) ?? '';
      if (!activityId)
        log.warn({ caseId: c.id }, 'teams: the new thread has no message id; its card cannot be updated');
      return {
        serviceUrl: at.serviceUrl,
        conversationId: created.id,
        activityId,
        channelId: at.channelId,
        tenantId: at.tenantId,
        botId: at.botId,
      } satisfies TeamsPostRef;
    },

    async update(c, ref, card) {
      const post = refOf(ref);
      if (!post.activityId) return;
      const message = caseCardMessage(c, card, phrases);
      await (await deps.adapter()).continueConversation(threadOf(post), async (context) => {
        await context.updateActivity({ ...asActivity(message), id: post.activityId });
      });
    },

    async relay(_c, ref, lines) {
      const post = refOf(ref);
      const messages = relayMessages(lines, phrases);
      if (!messages.length) return;
      await (await deps.adapter()).continueConversation(threadOf(post), async (context) => {
        await context.sendActivities(messages.map(asActivity));
      });
    },
  };
}
