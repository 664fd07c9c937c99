// One Bot Framework turn for the VPN bot: activity → engine input, code lookup or help-desk case action → replies rendered for the channel.

import { type Activity, ActivityTypes, TeamsInfo, TurnContext } from 'botbuilder';
import type { Bot, BotTurn } from '../../app/create-bot.ts';
import type { Logger } from '../../app/logger.ts';
import type { ActionData, Card, Reply } from '../../core/card.ts';
import type { Input } from '../../core/engine.ts';
import { readSubmitData } from '../../render/adaptive-card.ts';
import { type ConversationStore, StoreUnavailableError } from '../../store/conversation-store.ts';
import { type ConversationInfo, conversationOf, messageKey } from './conversation-key.ts';
import type { ChannelLearner } from './escalation-channel-learner.ts';
import { type CaseForHandoff, handoffInitiation, takesHandoffEvent } from './handoff-initiation.ts';
import { messageExtensionResponse, readExtensionQuery } from './message-extension.ts';
import { renderForChannel, usesAdaptiveCards } from './render-for-channel.ts';
import { type CaseCommand, isCaseCommand, type TeamsCaseDesk } from './teams-case-desk.ts';
import { parseTeamsCommand } from './teams-command.ts';
import { createTeamsPictureFetcher, type FetchTeamsPicture, sharedAttachment } from './teams-pictures.ts';
import { directChatCard, introCard, teamsSay } from './teams-texts.ts';
import { teamsUserRef } from './teams-user-channel.ts';
import { startTyping } from './typing-indicator.ts';

/** What a turn is built from; `appId` (when known) links shared chats to the 1:1 chat. */
export interface TeamsTurnDeps {
  bot: Bot;
  store: ConversationStore;
  log: Logger;
  appId?: string;
  now?: () => number;
  /** How long a turn may run before "typing…" shows (default TYPING_DELAY_MS). */
  typingDelayMs?: number;
  /** When set, a handoff on a channel that takes it also sends the Bot Framework `handoff.initiate` event. */
  caseFor?: () => ((conversationKey: string) => Promise<CaseForHandoff | undefined>) | undefined;
  /** The help desk's queue in Teams, once ESCALATION_TEAMS_CHANNEL is served (read on every turn). */
  queue?: () => TeamsQueueHooks | undefined;
  /** Downloads a picture shared in a 1:1 chat (default createTeamsPictureFetcher with `appId`). */
  fetchPicture?: FetchTeamsPicture;
}

/** What the turn needs of the Teams queue: learning where its channel is, and the desk for case presses and threads. */
export interface TeamsQueueHooks {
  learner: ChannelLearner;
  desk: TeamsCaseDesk;
}

/**
 * A press whose data did not validate. It is no ActionData the engine offers, so the engine answers it
 * like any out-of-date press: "that card is out of date" and the current question again.
 */
const FORGED_PRESS: ActionData = { type: 'command', command: 'stale' };

const cardReplies = (cards: Card[]): Reply[] => cards.map((card) => ({ kind: 'card', card }));

/**
 * The typed text of a message, the bot's @mention removed (botbuilder does it in place, when the activity names the
 * bot and every @mention names someone) and &nbsp; made a space; no text reads as "".
 */
function typedText(activity: Activity): string {
  if (typeof activity.text !== 'string') return '';
  const named = TurnContext.getMentions(activity).every((m) => typeof m.mentioned?.id === 'string');
  if (named && typeof activity.recipient?.id === 'string') TurnContext.removeRecipientMention(activity);
  return activity.text.replace(/&nbsp;/gi, ' ');
}

/** True when the message @mentions the bot (in team and group chats the bot only answers those). */
function mentionsBot(activity: Activity): boolean {
  const botId = activity.recipient?.id;
  return TurnContext.getMentions(activity).some((m) => m.mentioned?.id === botId);
}

/** True for a card button press: a message that carries a value and no typed text. */
const isPress = (activity: Activity) =>
  activity.value !== undefined && activity.value !== null && !activity.text?.trim();

/**
 * The turn handler for every Bot Framework channel. Messages and conversation updates are answered once per
 * activity id; a store outage sends the short "try again" text (when it can) and rethrows
 * StoreUnavailableError, so the HTTP layer answers 5xx and the platform retries.
 */
export function createTeamsTurn(deps: TeamsTurnDeps): (context: TurnContext) => Promise<void> {
  const { bot, store, log } = deps;
  const now = deps.now ?? Date.now;
  const fetchPicture = deps.fetchPicture ?? createTeamsPictureFetcher({ appId: deps.appId, log });

  const send = async (context: TurnContext, replies: Reply[]) => {
    const messages = renderForChannel(replies, context.activity.channelId);
    if (messages.length) await context.sendActivities(messages);
  };
  const firstTime = (conv: ConversationInfo, activity: Activity) =>
    activity.id ? store.firstSeen(messageKey(conv.key, activity.id), now()) : Promise.resolve(true);

  /** Sends `handoff.initiate` where it is on and the channel takes it; a failure is logged, never the user's problem. */
  const announceHandoff = async (context: TurnContext, key: string) => {
    const caseFor = deps.caseFor?.();
    if (!caseFor || !takesHandoffEvent(context.activity.channelId)) return;
    try {
      const c = await caseFor(key);
      if (c) await context.sendActivity(handoffInitiation(context, c));
    } catch (err) {
      log.warn({ err, conversation: key }, 'teams: handoff.initiate could not be sent');
    }
  };

  /**
   * Runs one bot turn and sends its replies; on card channels a typing indicator shows if it takes more than a
   * moment. A re-sent activity whose replies never left (the instance died first) gets them now, once.
   */
  const answerWith = async (context: TurnContext, conv: ConversationInfo, run: () => Promise<BotTurn>) => {
    const typing = usesAdaptiveCards(context.activity.channelId)
      ? startTyping(() => context.sendActivity({ type: ActivityTypes.Typing }), log, deps.typingDelayMs)
      : undefined;
    try {
      const turn = await run();
      await typing?.stop();
      if (turn.delivered) {
        log.info(
          { conversation: conv.key, activityId: context.activity.id },
          'teams: re-sent activity ignored',
        );
        return;
      }
      // The turn is saved: a failed send must not make the platform's retry run it again on the next question.
      const sent = await send(context, turn.replies).then(
        () => true,
        (err) => {
          log.warn({ err, conversation: conv.key }, 'teams: the reply could not be sent; the turn is kept');
          return false;
        },
      );
      if (sent && context.activity.id) await bot.delivered(conv.key, context.activity.id);
      if (turn.duplicate) return;
      if (turn.events.length)
        log.info({ conversation: conv.key, events: turn.events.map((e) => e.type) }, 'teams: turn events');
      if (turn.events.some((e) => e.type === 'handoff')) await announceHandoff(context, conv.key);
    } finally {
      await typing?.stop();
    }
  };

  /** Runs the engine for this activity (its id de-duplicates the platform's retries) and sends the answer. */
  const converse = (context: TurnContext, conv: ConversationInfo, input: Input) =>
    answerWith(context, conv, () =>
      bot.handle(conv.key, input, context.activity.id, teamsUserRef(context.activity)),
    );

  /**
   * A picture shared alone in a 1:1 chat: downloaded (see createTeamsPictureFetcher) and read. What could not
   * be downloaded, or is no picture, is read as empty bytes, so it gets the bot's "not a picture" answer.
   * readPicture remembers the activity id itself, so a re-sent activity is answered once.
   */
  const readPicture = (context: TurnContext, conv: ConversationInfo, url: string | undefined) =>
    answerWith(context, conv, async () => {
      const { activity } = context;
      const bytes = (url && (await fetchPicture(context, url))) || new Uint8Array();
      return bot.readPicture(conv.key, bytes, activity.id, teamsUserRef(activity));
    });

  /** A 1:1 message: conversation turns are de-duplicated with their saved state, lookups by a mark of their own. */
  const onPersonalMessage = async (context: TurnContext, conv: ConversationInfo) => {
    const { activity } = context;
    if (isPress(activity)) {
      const data = readSubmitData(activity.value);
      if (data?.type === 'command' && isCaseCommand(data))
        return once(context, conv, () => casePress(context, data));
      if (!data) log.warn({ conversation: conv.key }, 'teams: press with unreadable data');
      return converse(context, conv, { kind: 'action', data: data ?? FORGED_PRESS });
    }
    const command = parseTeamsCommand(typedText(activity), 'personal');
    if (command.kind === 'lookup')
      return once(context, conv, () => send(context, cardReplies(bot.lookupCode(command.query))));
    return converse(context, conv, { kind: 'text', text: command.text });
  };

  /** Runs `answer` (which keeps no conversation state) once per activity id; a failure lets the retry through. */
  const once = async (context: TurnContext, conv: ConversationInfo, answer: () => Promise<unknown>) => {
    const { activity } = context;
    if (!(await firstTime(conv, activity))) {
      log.info({ conversation: conv.key, activityId: activity.id }, 'teams: re-sent activity ignored');
      return;
    }
    try {
      await answer();
    } catch (err) {
      if (activity.id) await store.forgetSeen(messageKey(conv.key, activity.id)).catch(() => {});
      throw err;
    }
  };

  /** A case card's button: the help desk's business, never the engine's; without a Teams queue no case is known. */
  const casePress = async (context: TurnContext, data: CaseCommand) => {
    const desk = deps.queue?.()?.desk;
    if (desk) return desk.press(context, data);
    return send(context, [{ kind: 'text', text: teamsSay(bot.content.phrases, 'teams.case.unknown') }]);
  };

  /** Lets the queue learn where its channel is from any activity of a team (never fails the turn). */
  const learn = async (context: TurnContext) => {
    const learner = deps.queue?.()?.learner;
    if (!learner) return;
    await learner.observe(context.activity, async (teamId) =>
      (await TeamsInfo.getTeamChannels(context, teamId)).flatMap((c) => (c.id ? [c.id] : [])),
    );
  };

  const onSharedMessage = async (context: TurnContext) => {
    const { activity } = context;
    const phrases = bot.content.phrases;
    if (isPress(activity)) {
      const data = readSubmitData(activity.value);
      if (data?.type === 'command' && isCaseCommand(data)) return casePress(context, data);
      if (data?.type === 'command' && data.command === 'code' && data.arg)
        return send(context, cardReplies(bot.lookupCode(data.arg)));
      if (!data) return send(context, [{ kind: 'text', text: teamsSay(phrases, 'teams.stale.text') }]);
      return send(context, cardReplies([directChatCard(phrases, deps.appId)]));
    }
    if (activity.channelId === 'msteams' && !mentionsBot(activity)) return;
    const text = typedText(activity).trim();
    const desk = deps.queue?.()?.desk;
    if (desk && (await desk.threadMessage(context, text))) return;
    if (!text) return send(context, cardReplies([introCard(phrases, deps.appId)]));
    const command = parseTeamsCommand(text, 'channel');
    if (command.kind === 'lookup') return send(context, cardReplies(bot.lookupCode(command.query)));
    return send(context, cardReplies([directChatCard(phrases, deps.appId)]));
  };

  const onMembersAdded = async (context: TurnContext, conv: ConversationInfo) => {
    const { activity } = context;
    const botId = activity.recipient?.id;
    if (!botId || !activity.membersAdded?.some((m) => m.id === botId)) return;
    if (!(await firstTime(conv, activity))) return;
    if (conv.scope !== 'personal')
      return send(context, cardReplies([introCard(bot.content.phrases, deps.appId)]));
    const turn = await bot.handle(conv.key, { kind: 'welcome' }, undefined, teamsUserRef(activity));
    await send(context, turn.replies);
  };

  // Only the vpncode search is offered; any other invoke is the caller's mistake (400), not botbuilder's 501.
  const onInvoke = async (context: TurnContext) => {
    const { activity } = context;
    const value =
      activity.name === 'composeExtension/query'
        ? { status: 200, body: messageExtensionResponse(bot, readExtensionQuery(activity.value)) }
        : { status: 400, body: { error: 'this app offers no such invoke' } };
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value });
  };

  const onActivity = async (context: TurnContext) => {
    const { activity } = context;
    if (activity.type === ActivityTypes.Invoke) return onInvoke(context);
    await learn(context);
    const conv = conversationOf(activity);
    if (!conv) return;
    if (activity.type === ActivityTypes.ConversationUpdate) return onMembersAdded(context, conv);
    if (activity.type !== ActivityTypes.Message) return;
    const shared = conv.scope === 'personal' && !isPress(activity) ? sharedAttachment(activity) : undefined;
    // Not marked seen here: bot.readPicture de-duplicates by the activity id under the same key.
    if (shared) return readPicture(context, conv, shared.url);
    if (conv.scope === 'personal') return onPersonalMessage(context, conv);
    return once(context, conv, () => onSharedMessage(context));
  };

  return async (context) => {
    try {
      await onActivity(context);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      await context.sendActivity({ type: ActivityTypes.Message, text: bot.unavailableText() }).catch(() => {
        log.warn('teams: could not tell the user the store is down');
      });
      throw err;
    }
  };
}
