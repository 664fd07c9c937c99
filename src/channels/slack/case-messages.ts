// The Slack messages of a case in the escalation channel: its queue post, and the conversation relayed into its thread.
import type { Card } from '../../core/card.ts';
import { type CaseLine, type HandoffCase, isOpen } from '../../core/handoff-case.ts';
import { type Phrases, say } from '../../core/phrases.ts';
import { ACTION_ID_PREFIX, renderBlockKit } from '../../render/block-kit.ts';
import { SLACK_LIMITS } from '../../render/block-kit-limits.ts';
import { cleanText, escapeSlackMrkdwn } from '../../render/escape.ts';
import { CASE_ACTION_PREFIX } from './slack-contract.ts';
import type { SlackMessage } from './slack-messages.ts';
import { slackText } from './slack-texts.ts';

type Json = Record<string, unknown>;

/** The metadata event type on every case message the bot posts, so a retry can find what already went out. */
export const CASE_EVENT_TYPE = 'vpnbot_case';

/** What a case message's metadata says: which case, and which part (the post, or a relay up to a line seq). */
export interface CaseTag {
  case_id: string;
  part: string;
}

/** A message to post, with the tag it carries as Slack message metadata. */
export interface TaggedMessage extends SlackMessage {
  tag: CaseTag;
}

const LINES_PER_MESSAGE = 40;
const FALLBACK_CHARS = 300;

/** `text` cut until its mrkdwn-escaped form fits in `max` characters, then escaped. */
function escapedWithin(text: string, max: number): string {
  let room = max;
  let out = escapeSlackMrkdwn(cleanText(text, room));
  while (out.length > max && room > 1) {
    room = Math.max(1, Math.floor((room * max) / out.length) - 1);
    out = escapeSlackMrkdwn(cleanText(text, room));
  }
  return out;
}

const retagButton = (el: unknown): unknown => {
  const e = el as Json;
  return typeof e.action_id === 'string' && e.action_id.startsWith(ACTION_ID_PREFIX)
    ? { ...e, action_id: CASE_ACTION_PREFIX + e.action_id.slice(ACTION_ID_PREFIX.length) }
    : e;
};

/**
 * The queue post for a case's `card`: the card in Block Kit whose buttons carry `vpncase:` action ids (so only
 * the case listeners, never the triage engine, get their presses), plus a hint about the thread while it is open.
 */
export function casePostMessage(c: HandoffCase, card: Card, phrases: Phrases): TaggedMessage {
  const { text, blocks } = renderBlockKit({ kind: 'card', card });
  const retagged: Json[] = blocks.map((b) =>
    b.type === 'actions' && Array.isArray(b.elements) ? { ...b, elements: b.elements.map(retagButton) } : b,
  );
  if (isOpen(c) && retagged.length < SLACK_LIMITS.blocks) {
    const hint = {
      type: 'context',
      elements: [{ type: 'plain_text', text: slackText(phrases, 'slack.case.threadHint'), emoji: false }],
    };
    const at = retagged.findIndex((b) => b.type === 'actions');
    retagged.splice(at < 0 ? retagged.length : at, 0, hint);
  }
  return { text, blocks: retagged, tag: { case_id: c.id, part: 'post' } };
}

const speaker = (line: CaseLine, phrases: Phrases): string =>
  line.from === 'user' ? say(phrases, 'case.userSaid') : (line.name ?? say(phrases, 'handoff.someone'));

/**
 * The thread replies relaying `lines`: one mrkdwn section per line, "*User:* …" or "*Dana:* …", everything
 * escaped (no `<!channel>` or `<@U…>` can form), as few messages as fit; each tagged with the last seq it carries.
 */
export function relayMessages(c: HandoffCase, lines: readonly CaseLine[], phrases: Phrases): TaggedMessage[] {
  const out: TaggedMessage[] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_MESSAGE) {
    const chunk = lines.slice(i, i + LINES_PER_MESSAGE);
    const blocks = chunk.map((line) => {
      const name = escapedWithin(speaker(line, phrases), 100);
      return {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${name}:* ${escapedWithin(line.text, SLACK_LIMITS.sectionText - name.length - 4) || '…'}`,
          verbatim: true,
        },
      };
    });
    const fallback = chunk.map((l) => `${speaker(l, phrases)}: ${l.text}`).join('\n');
    out.push({
      text: escapedWithin(fallback, FALLBACK_CHARS) || '…',
      blocks,
      tag: { case_id: c.id, part: `relay:${chunk.at(-1)?.seq ?? 0}` },
    });
  }
  return out;
}
