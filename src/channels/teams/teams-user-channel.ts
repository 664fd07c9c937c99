// Reaching a Bot Framework user outside a request (a help-desk agent's messages, news about their case).
import type { ConversationReference } from 'botbuilder';
import type { UserChannel, UserRef } from '../../app/handoff-contracts.ts';
import type { UserClock } from '../../core/business-hours.ts';
import type { Reply } from '../../core/card.ts';
import { isLoopbackUrl } from './local-mode.ts';
import { renderForChannel } from './render-for-channel.ts';
import type { TeamsAdapter } from './teams-adapter.ts';

/** The handoff channel names: Teams users, and users of any other Bot Framework channel (sms, webchat…). */
export const TEAMS_USER_CHANNEL = 'teams';
export const BOT_FRAMEWORK_USER_CHANNEL = 'botframework';

/** Where a user is reached: the conversation reference of their chat (plain JSON, stored with a handoff case). */
export interface TeamsAddress {
  channelId: string;
  serviceUrl: string;
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  bot?: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
  locale?: string;
}

/** The parts of an incoming activity a reference is built from. */
export interface AddressSource {
  channelId?: string;
  serviceUrl?: string;
  conversation?: TeamsAddress['conversation'];
  recipient?: { id: string; name?: string };
  from?: { id: string; name?: string; aadObjectId?: string };
  locale?: string;
  /** The user's IANA time zone, on messages from Teams ("America/Los_Angeles"). */
  localTimezone?: string;
  /** The user's local time as sent ("2026-11-28T20:00:00-08:00"); botbuilder turns it into a Date and keeps the text here. */
  rawLocalTimestamp?: string;
  localTimestamp?: Date | string;
}

/** The offset from UTC in a local timestamp's text ("…-08:00" → -480, "…Z" → 0); undefined when it has none. */
function offsetOf(stamp: string | undefined): number | undefined {
  const m = /(?:([+-])(\d{2}):?(\d{2})|(Z))$/i.exec(stamp?.trim() ?? '');
  if (!m) return undefined;
  if (m[4]) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** The user's clock as the activity tells it (time zone, local time's offset, locale), or undefined when it says nothing. */
export function teamsUserClock(activity: AddressSource): UserClock | undefined {
  // Read defensively: a malformed activity may carry anything in these fields.
  const text = (value: unknown) => (typeof value === 'string' && value ? value.slice(0, 64) : undefined);
  const timeZone = text(activity.localTimezone);
  const utcOffsetMinutes = offsetOf(text(activity.rawLocalTimestamp) ?? text(activity.localTimestamp));
  if (!timeZone && utcOffsetMinutes === undefined) return undefined;
  return { timeZone, utcOffsetMinutes, locale: text(activity.locale) };
}

/** How the sender of `activity` is reached later; no activity id, so later messages start new posts, not replies. */
export function teamsUserRef(activity: AddressSource): UserRef | undefined {
  const { channelId, serviceUrl, conversation } = activity;
  if (!channelId || !serviceUrl || !conversation?.id) return undefined;
  const address: TeamsAddress = {
    channelId,
    serviceUrl,
    conversation: {
      id: conversation.id,
      conversationType: conversation.conversationType,
      tenantId: conversation.tenantId,
      isGroup: conversation.isGroup,
    },
    bot: activity.recipient && { id: activity.recipient.id, name: activity.recipient.name },
    user: activity.from && {
      id: activity.from.id,
      name: activity.from.name,
      aadObjectId: activity.from.aadObjectId,
    },
    locale: activity.locale,
  };
  const channel = channelId === 'msteams' ? TEAMS_USER_CHANNEL : BOT_FRAMEWORK_USER_CHANNEL;
  return { channel, address, userName: activity.from?.name, clock: teamsUserClock(activity) };
}

function readAddress(address: unknown): TeamsAddress {
  const a = address as Partial<TeamsAddress> | undefined;
  if (!a || typeof a.serviceUrl !== 'string' || typeof a.channelId !== 'string' || !a.conversation?.id)
    throw new Error('Bot Framework address without serviceUrl, channelId or conversation id');
  return a as TeamsAddress;
}

/**
 * The user channel for Bot Framework users: `send` posts the replies, rendered for the user's channel, into
 * their conversation as the bot; it throws (to be retried) when the connector refuses. In local mode it
 * only ever sends to loopback serviceUrls.
 */
export function createTeamsUserChannel(
  adapter: () => Promise<TeamsAdapter>,
  localMode: boolean,
): UserChannel {
  return {
    async send(address, replies: readonly Reply[]) {
      const ref = readAddress(address);
      if (localMode && !isLoopbackUrl(ref.serviceUrl))
        throw new Error('local mode sends to loopback serviceUrls only; set MicrosoftAppId');
      const messages = renderForChannel(replies, ref.channelId);
      if (!messages.length) return;
      // A stored reference is plain JSON; botbuilder reads its ids and serviceUrl, optional names may be absent.
      const reference = ref as Partial<ConversationReference>;
      await (await adapter()).continueConversation(reference, async (context) => {
        await context.sendActivities(messages);
      });
    },
  };
}
