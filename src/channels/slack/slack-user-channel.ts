// Reaching a Slack user outside a request (a help-desk agent's messages, news about their case): their DM.
import type { UserChannel, UserRef } from '../../app/handoff-contracts.ts';
import type { Reply } from '../../core/card.ts';
import { isSlackUserId } from './slack-markup.ts';
import { replyMessages } from './slack-messages.ts';
import { openDm, postMessages, type SlackClient } from './slack-turns.ts';

/** Where a Slack user is reached: their workspace and user id (stored with a handoff case, so plain JSON). */
export interface SlackAddress {
  team?: string;
  user: string;
}

/** How a Slack user is reached later, given with each of their turns so a handoff can find them. */
export function slackUserRef(team: string | undefined, user: string): UserRef {
  return { channel: 'slack', address: { team, user } satisfies SlackAddress };
}

/** The 'slack' user channel: `send` posts the replies into the user's DM with the app; throws so it is retried. */
export function createSlackUserChannel(client: SlackClient): UserChannel {
  return {
    async send(address, replies: readonly Reply[]) {
      const user = (address as Partial<SlackAddress> | undefined)?.user;
      if (!isSlackUserId(user)) throw new Error('Slack address without a user id');
      await postMessages(client, await openDm(client, user), replyMessages(replies));
    },
  };
}
