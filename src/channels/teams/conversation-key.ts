// Where an activity belongs: the store key of its conversation and whether it is a 1:1 chat or a shared one.

/** The parts of an incoming activity that say which conversation it is. */
export interface ConversationRef {
  channelId?: string;
  conversation?: { id?: string; conversationType?: string; isGroup?: boolean };
}

/** A conversation as the Teams channel sees it; only `personal` ones run the triage. */
export interface ConversationInfo {
  key: string;
  scope: 'personal' | 'groupChat' | 'channel';
}

const MAX_ID = 512;

/**
 * The conversation of an activity, or undefined when it names none usable. The key comes only from the
 * platform's conversation id (never from anything a card carries), so a press can only touch its own chat:
 * `teams:<conversation.id>` on Teams, `bf:<channelId>:<conversation.id>` on other Bot Framework channels.
 */
export function conversationOf(activity: ConversationRef): ConversationInfo | undefined {
  const id = activity.conversation?.id;
  const channel = activity.channelId;
  if (typeof id !== 'string' || !id || id.length > MAX_ID) return undefined;
  if (typeof channel !== 'string' || !/^[\w.-]{1,40}$/.test(channel)) return undefined;
  const type = activity.conversation?.conversationType;
  const scope =
    type === 'channel'
      ? 'channel'
      : type === 'groupChat' || (type !== 'personal' && activity.conversation?.isGroup === true)
        ? 'groupChat'
        : 'personal';
  const key = channel === 'msteams' ? `teams:${id}` : `bf:${channel}:${id}`;
  return { key, scope };
}

/** The id under which one platform message is remembered, so a re-sent activity is answered once. */
export function messageKey(conversationKey: string, activityId: string): string {
  return `${conversationKey}#${activityId}`;
}
