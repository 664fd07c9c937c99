// Reaching a web chat user outside a request: replies wait in a mailbox that the page polls.
import type { UserChannel } from '../../app/handoff-contracts.ts';
import type { Reply } from '../../core/card.ts';
import type { Mailbox } from '../../store/handoff-store.ts';

/** The address a web chat user is reached at. */
export interface WebAddress {
  conversationId: string;
}

/** The mailbox key of a web conversation. */
export const inboxKey = (conversationId: string) => `web:${conversationId}`;

/** The 'web' user channel: `send` files the replies in the conversation's mailbox for the page to fetch. */
export function createWebUserChannel(mailbox: Mailbox, now: () => number = Date.now): UserChannel {
  return {
    async send(address, replies: Reply[]) {
      const id = (address as Partial<WebAddress> | undefined)?.conversationId;
      if (typeof id !== 'string' || !id) throw new Error('web address without a conversation id');
      await mailbox.put(inboxKey(id), replies, now());
    },
  };
}
