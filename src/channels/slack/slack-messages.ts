// Builds the Slack messages the channel sends: engine replies, `/vpncode` answers, shared answers, answered cards.
import type { types } from '@slack/bolt';
import type { Bot } from '../../app/create-bot.ts';
import type { Reply } from '../../core/card.ts';
import { cleanQuery } from '../../core/code-lookup.ts';
import { renderBlockKit } from '../../render/block-kit.ts';
import { SLACK_LIMITS } from '../../render/block-kit-limits.ts';
import { cleanText } from '../../render/escape.ts';
import { LOOKUP_BLOCK_PREFIX, SHARE_ACTION_ID } from './slack-contract.ts';
import { isSlackUserId } from './slack-markup.ts';
import { slackText } from './slack-texts.ts';

type Json = Record<string, unknown>;

/** One Slack message: Block Kit `blocks` and the escaped mrkdwn `text` Slack shows in notifications. */
export interface SlackMessage {
  text: string;
  blocks: Json[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const plain = (text: string): Json => ({ type: 'plain_text', text, emoji: true });

/** The Slack messages for the engine's replies, one per reply, each within Slack's limits. */
export function replyMessages(replies: readonly Reply[]): SlackMessage[] {
  return replies.map((reply) => renderBlockKit(reply));
}

function lookupBlocks(bot: Bot, query: string): SlackMessage {
  const rendered = bot.lookupCode(query).map((card) => renderBlockKit({ kind: 'card', card }));
  const blocks: Json[] = [];
  for (const [i, msg] of rendered.entries()) {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...msg.blocks);
  }
  let row = 0;
  const tagged = blocks.map((b) =>
    b.type === 'actions' ? { ...b, block_id: `${LOOKUP_BLOCK_PREFIX}open:${row++}` } : b,
  );
  return { text: rendered[0]?.text ?? '…', blocks: tagged.slice(0, SLACK_LIMITS.blocks - 1) };
}

/** The ephemeral `/vpncode` answer for `rawQuery`, with a "Share in channel" button when something matched. */
export function lookupMessage(bot: Bot, rawQuery: string): SlackMessage {
  const query = cleanQuery(rawQuery);
  const msg = lookupBlocks(bot, query);
  const result = bot.lookup.lookup(query);
  if (result.kind === 'usage' || !result.matches.length) return msg;
  const share: Json = {
    type: 'actions',
    block_id: `${LOOKUP_BLOCK_PREFIX}share`,
    elements: [
      {
        type: 'button',
        action_id: SHARE_ACTION_ID,
        text: plain(slackText(bot.content.phrases, 'slack.share')),
        value: query || ' ',
        style: 'primary',
      },
    ],
  };
  return { text: msg.text, blocks: [...msg.blocks, share] };
}

/** The `/vpncode` answer for `query` as posted for the whole channel, naming who shared it (by Slack user id). */
export function sharedLookupMessage(bot: Bot, query: string, userId: string): SlackMessage {
  const msg = lookupBlocks(bot, cleanQuery(query));
  if (!isSlackUserId(userId)) return msg;
  const by = slackText(bot.content.phrases, 'slack.sharedBy', { user: `<@${userId}>` });
  return {
    text: msg.text,
    blocks: [...msg.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: by }] }],
  };
}

/**
 * The pressed message as it should stay: its blocks without the button rows, plus a line showing the answer
 * (`label`, as plain text); undefined when the blocks are unusable or had no buttons.
 */
export function answeredMessage(blocks: unknown, label: string, fallback: string): SlackMessage | undefined {
  if (!Array.isArray(blocks) || !blocks.every(isObject)) return undefined;
  const kept = blocks.filter((b) => b.type !== 'actions');
  if (kept.length === blocks.length) return undefined;
  const answer = cleanText(`✓ ${label}`, SLACK_LIMITS.sectionText).trim();
  return {
    text: fallback || '…',
    blocks: [...kept, { type: 'context', elements: [plain(answer)] }].slice(-SLACK_LIMITS.blocks),
  };
}

/** Blocks typed as the Slack Web API client expects them (they are built and limit-checked as plain JSON). */
export function slackBlocks(blocks: readonly Json[]): (types.KnownBlock | types.Block)[] {
  return blocks as unknown as (types.KnownBlock | types.Block)[];
}

/** The message as Web API / response_url arguments: `text`, and `blocks` when there are any. */
export function slackBody(msg: SlackMessage): { text: string; blocks?: (types.KnownBlock | types.Block)[] } {
  return msg.blocks.length ? { text: msg.text, blocks: slackBlocks(msg.blocks) } : { text: msg.text };
}
