// Renders the card model as a Slack Block Kit message, escaped and always within Slack's limits.
import {
  type Action,
  type ActionData,
  type Block,
  type Card,
  isDataAction,
  type Reply,
  type Tone,
} from '../core/card.ts';
import { parseActionData, parseJsonSafely } from './action-data.ts';
import { SLACK_LIMITS } from './block-kit-limits.ts';
import { cleanText, escapeSlackCode, escapeSlackMrkdwn } from './escape.ts';
import { safeUrl } from './safe-url.ts';
import { createTextBudget, type TextBudget } from './text-budget.ts';

type Json = Record<string, unknown>;

/** Every button's action_id starts with this; the rest is `<type>:<position>`, e.g. `vpnbot:choice:2`. */
export const ACTION_ID_PREFIX = 'vpnbot:';

const TOTAL_TEXT = 12_000;
const MAX_ITEM = 1000;
const MAX_ACTIONS = 25;
const BUTTONS_PER_ROW = 5;
const MAX_SUMMARY = 300;
const TONE_ICON: Record<Tone, string> = { info: '', good: '✅ ', warning: '⚠️ ', attention: '🛑 ' };

const plain = (text: string): Json => ({ type: 'plain_text', text, emoji: false });
const mrkdwn = (text: string): Json => ({ type: 'mrkdwn', text, verbatim: true });
const section = (text: Json): Json => ({ type: 'section', text });
const context = (text: string): Json => ({ type: 'context', elements: [plain(text)] });

/** `text` (already cleaned) cut until its encoded form fits in `max` characters. */
function shrinkToFit(text: string, max: number, encode: (s: string) => string = (s) => s): string {
  let room = max;
  let out = encode(cleanText(text, room));
  while (out.length > max && room > 1) {
    room = Math.max(1, Math.floor((room * max) / out.length) - 1);
    out = encode(cleanText(text, room));
  }
  return out;
}

/** Encoded lines grouped into as few sections as fit, each line cut to fit on its own. */
function sections(head: string | undefined, lines: string[], kind: 'plain' | 'mrkdwn'): Json[] {
  const max = SLACK_LIMITS.sectionText;
  const encode = kind === 'mrkdwn' ? escapeSlackMrkdwn : undefined;
  const pieces = lines.map((line) => shrinkToFit(line, max, encode));
  if (head) pieces.unshift(head);
  const groups: string[] = [];
  for (const piece of pieces) {
    const last = groups.length - 1;
    const current = groups[last];
    if (current !== undefined && current.length + 1 + piece.length <= max)
      groups[last] = `${current}\n${piece}`;
    else groups.push(piece);
  }
  return groups
    .filter((text) => text.trim())
    .map((text) => section(kind === 'mrkdwn' ? mrkdwn(text) : plain(text)));
}

const bold = (text: string): string =>
  text
    .split('\n')
    .map((line) => (line.trim() ? `*${escapeSlackMrkdwn(line.trim())}*` : line))
    .join('\n');

function listBlocks(
  title: string | undefined,
  items: string[],
  marker: (n: number) => string,
  budget: TextBudget,
) {
  const heading = title ? budget.take(title, 200)?.trim() : undefined;
  const lines: string[] = [];
  for (const [i, item] of items.entries()) {
    const text = budget.take(item, MAX_ITEM);
    if (text === undefined) break;
    if (text.trim()) lines.push(`${marker(i + 1)} ${text}`);
  }
  if (!lines.length && !heading) return [];
  return heading
    ? sections(shrinkToFit(heading, 500, bold), lines, 'mrkdwn')
    : sections(undefined, lines, 'plain');
}

function factBlocks(items: { label: string; value: string }[], budget: TextBudget): Json[] {
  const fields: Json[] = [];
  for (const { label, value } of items) {
    const l = budget.take(label, 200)?.trim();
    const v = budget.take(value, MAX_ITEM)?.trim();
    if (l === undefined || v === undefined) break;
    const head = l ? shrinkToFit(l, 400, bold) : '';
    const body = v ? shrinkToFit(v, SLACK_LIMITS.fieldText - head.length - 1, escapeSlackMrkdwn) : '';
    const text = [head, body].filter(Boolean).join('\n');
    if (text) fields.push(mrkdwn(text));
  }
  const out: Json[] = [];
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.sectionFields) {
    out.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.sectionFields) });
  }
  return out;
}

function blockBlocks(block: Block, budget: TextBudget): Json[] {
  switch (block.kind) {
    case 'text': {
      const text = budget.take(block.text, SLACK_LIMITS.sectionText)?.trim();
      if (!text) return [];
      if (block.muted) return [context(shrinkToFit(text, SLACK_LIMITS.sectionText))];
      if (block.emphasis) return [section(mrkdwn(shrinkToFit(text, SLACK_LIMITS.sectionText, bold)))];
      return [section(plain(shrinkToFit(text, SLACK_LIMITS.sectionText)))];
    }
    case 'steps':
      return listBlocks(block.title, block.items, (n) => `${n}.`, budget);
    case 'bullets':
      return listBlocks(block.title, block.items, () => '•', budget);
    case 'facts':
      return factBlocks(block.items, budget);
    case 'code': {
      const text = budget.take(block.text, SLACK_LIMITS.sectionText)?.replace(/^\n+|\s+$/g, '');
      if (!text) return [];
      return [
        section(mrkdwn(`\`\`\`${shrinkToFit(text, SLACK_LIMITS.sectionText - 6, escapeSlackCode)}\`\`\``)),
      ];
    }
  }
}

/** JSON text of the ActionData, with `< > &` as \u escapes, shortened (its `arg`) to fit a button value. */
export function encodeActionValue(data: ActionData): string | undefined {
  const encode = (d: ActionData) =>
    JSON.stringify(d).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  let json = encode(data);
  if (data.type === 'command' && data.arg !== undefined) {
    let arg = data.arg;
    while (json.length > SLACK_LIMITS.buttonValue && arg) {
      const shorter = cleanText(arg, Math.floor(arg.length * 0.8), '');
      arg = shorter.length < arg.length ? shorter : '';
      json = encode({ ...data, arg });
    }
  }
  return json.length <= SLACK_LIMITS.buttonValue ? json : undefined;
}

function button(action: Action, n: number, primaryTaken: boolean): Json | undefined {
  const text = plain(cleanText(action.label, SLACK_LIMITS.buttonText).trim() || String(n));
  if (!isDataAction(action)) {
    const url = safeUrl(action.url, SLACK_LIMITS.buttonUrl);
    return url ? { type: 'button', action_id: `${ACTION_ID_PREFIX}url:${n}`, text, url } : undefined;
  }
  const value = encodeActionValue(action.data);
  if (value === undefined) return undefined;
  const out: Json = { type: 'button', action_id: `${ACTION_ID_PREFIX}${action.data.type}:${n}`, text, value };
  if (action.style === 'primary' && !primaryTaken) out.style = 'primary';
  if (action.style === 'destructive') out.style = 'danger';
  return out;
}

function actionBlocks(actions: readonly Action[]): Json[] {
  const buttons: Json[] = [];
  for (const [i, action] of actions.slice(0, MAX_ACTIONS).entries()) {
    const rendered = button(
      action,
      i + 1,
      buttons.some((b) => b.style === 'primary'),
    );
    if (rendered) buttons.push(rendered);
  }
  const rows: Json[] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) {
    rows.push({ type: 'actions', elements: buttons.slice(i, i + BUTTONS_PER_ROW) });
  }
  return rows;
}

function cardMessage(card: Card): { text: string; blocks: Json[] } {
  const head: Json[] = [];
  const title = cleanText(card.title ?? '', SLACK_LIMITS.headerText * 4).trim();
  if (title) {
    const icon = card.tone ? TONE_ICON[card.tone] : '';
    head.push({ type: 'header', text: plain(cleanText(icon + title, SLACK_LIMITS.headerText)) });
  }
  const budget = createTextBudget(TOTAL_TEXT);
  let body = card.blocks.flatMap((block) => blockBlocks(block, budget));
  const actions = actionBlocks(card.actions);
  const room = SLACK_LIMITS.blocks - head.length - actions.length;
  if (body.length > room) body = [...body.slice(0, room - 1), context('…')];
  else if (budget.overrun && body.length < room) body.push(context('…'));
  const summary = cleanText(card.summary, MAX_SUMMARY).trim() || title || '…';
  return { text: escapeSlackMrkdwn(summary), blocks: [...head, ...body, ...actions] };
}

/** The Slack message for a reply: `blocks` to show and `text` for notifications; always within Slack's limits. */
export function renderBlockKit(reply: Reply): { text: string; blocks: Record<string, unknown>[] } {
  if (reply.kind === 'card') return cardMessage(reply.card);
  const text = createTextBudget(TOTAL_TEXT).take(reply.text, TOTAL_TEXT)?.trim() || '…';
  const blocks = sections(undefined, text.split('\n'), 'plain').slice(0, SLACK_LIMITS.blocks);
  return { text: escapeSlackMrkdwn(cleanText(text, MAX_SUMMARY)), blocks };
}

/** The ActionData in a button's `value` as Slack returns it, or undefined when it is malformed or forged. */
export function readBlockActionValue(value: string): ActionData | undefined {
  return parseActionData(parseJsonSafely(value, SLACK_LIMITS.buttonValue));
}
