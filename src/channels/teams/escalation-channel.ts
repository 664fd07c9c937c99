// The Teams escalation channel by id: reading ESCALATION_TEAMS_CHANNEL, and telling its threads apart by conversation id.

const CHANNEL_ID = /^19:[^\s;/?#]{1,250}$/;
const LINK_PATH = /^\/l\/channel\/([^/]+)/;
const THREAD = /;messageid=(\d{1,30})$/;

/**
 * The channel id ESCALATION_TEAMS_CHANNEL names: a bare id (`19:…@thread.tacv2`), the id with a
 * `;messageid=` tail, or a pasted "Get link to channel" URL; undefined when it is none of these.
 */
export function escalationChannelId(raw: string | undefined): string | undefined {
  let text = raw?.trim() ?? '';
  if (/^https:\/\//i.test(text)) {
    try {
      text = decodeURIComponent(LINK_PATH.exec(new URL(text).pathname)?.[1] ?? '');
    } catch {
      return undefined;
    }
  }
  const id = channelOfConversation(text);
  return CHANNEL_ID.test(id) ? id : undefined;
}

/** The channel a channel conversation id belongs to: the id without its `;messageid=…` thread part. */
export function channelOfConversation(conversationId: string): string {
  const at = conversationId.indexOf(';messageid=');
  return at < 0 ? conversationId : conversationId.slice(0, at);
}

/** The root message id of a channel thread's conversation id (`…;messageid=<id>`), or undefined for none. */
export function threadRootOf(conversationId: string): string | undefined {
  return THREAD.exec(conversationId)?.[1];
}
