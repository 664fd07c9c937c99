// Opens handoff cases the way real users do (typing, tapping the buttons they were shown), for the agent console tests.
import type { Card, Reply } from '../../src/core/card.ts';
import type { HandoffHarness } from './handoff-server.ts';

/** A web chat user who types and taps, straight through the bot (so a test can give them any name). */
export interface ScriptedUser {
  says(text: string): Promise<Reply[]>;
  /** Presses the button labelled `label` on the newest card that has one; throws when no card offers it. */
  taps(label: string): Promise<Reply[]>;
}

/** A user on the web channel under `conversationId`, named `userName` (as Teams or Slack would name them). */
export function scriptedUser(
  h: HandoffHarness,
  conversationId: string,
  userName = 'Web chat user',
): ScriptedUser {
  const key = `web:${conversationId}`;
  const from = { channel: 'web', address: { conversationId }, userName };
  let cards: Card[] = [];
  const keep = (replies: Reply[]) => {
    for (const r of replies) if (r.kind === 'card') cards.push(r.card);
    return replies;
  };
  return {
    says: async (text) =>
      keep((await h.composed.bot.handle(key, { kind: 'text', text }, undefined, from)).replies),
    taps: async (label) => {
      const action = cards
        .flatMap((c) => c.actions)
        .reverse()
        .find((a) => a.label === label && 'data' in a);
      if (!action || !('data' in action)) throw new Error(`no card offered "${label}"`);
      cards = [];
      return keep(
        (await h.composed.bot.handle(key, { kind: 'action', data: action.data }, undefined, from)).replies,
      );
    },
  };
}

/** The name a hostile or unlucky user may carry in from Teams or Slack: markdown and HTML that must show as typed. */
export const ODD_NAME = '**Eve** <img src=x onerror=alert(1)>';

/**
 * Opens a case for a user called `userName` who tapped through the first questions ("It loads", "I don't know",
 * "No, fails there too"), typed a password and markup, and asked for a person. Returns the case id.
 */
export async function openTappedCase(h: HandoffHarness, conversationId: string, userName = ODD_NAME) {
  const user = scriptedUser(h, conversationId, userName);
  await user.says('vpn not working');
  await user.taps('It loads');
  await user.taps("I don't know");
  await user.taps('No, fails there too');
  await user.says('my password is Winter2026! and **bold** <img src=x onerror=alert(1)>');
  await user.says('talk to a person');
  const found = (await h.composed.handoffs.list()).find((c) => c.conversationKey === `web:${conversationId}`);
  if (!found) throw new Error('no case was opened');
  return found.id;
}
