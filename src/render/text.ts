// Renders the card model as compact plain text for SMS and the terminal, with numbered choices to reply with.
import { type ActionData, type Block, type Card, isDataAction, type Reply } from '../core/card.ts';
import { cleanText } from './escape.ts';
import { safeUrl } from './safe-url.ts';

/** How text is rendered: `numbered` (default true) offers data actions as "Reply 1 Yes, 2 No"; `maxLength` caps it. */
export interface TextOptions {
  numbered?: boolean;
  maxLength?: number;
}

const ELLIPSIS = '...';
const DEFAULT_MAX_LENGTH = 4000;
const MAX_FIELD = 2000;
const MAX_LABEL = 60;

/** Cleaned, non-empty lines of a text, trailing spaces gone. */
function linesOf(text: string, max = MAX_FIELD): string[] {
  return cleanText(text, max, ELLIPSIS)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim());
}

/** The text on one line (for list items, labels and facts). */
const flat = (text: string, max = MAX_FIELD): string => linesOf(text, max).join(' ').trim();

const heading = (title: string): string => (/[:.?!]$/.test(title) ? title : `${title}:`);

function listLines(title: string | undefined, items: string[], marker: (n: number) => string): string[] {
  const head = title ? flat(title) : '';
  const lines = head ? [heading(head)] : [];
  items.forEach((item, i) => {
    const text = flat(item);
    if (text) lines.push(`${marker(i + 1)} ${text}`);
  });
  return lines;
}

function blockLines(block: Block): string[] {
  switch (block.kind) {
    case 'text':
      return linesOf(block.text);
    case 'steps':
      return listLines(block.title, block.items, (n) => `${n}.`);
    case 'bullets':
      return listLines(block.title, block.items, () => '-');
    case 'facts':
      return block.items
        .map(({ label, value }) => [flat(label), flat(value)].filter(Boolean).join(': '))
        .filter(Boolean);
    case 'code':
      return linesOf(block.text);
  }
}

const label = (text: string): string => flat(text, MAX_LABEL) || 'option';

/** The data actions a text rendering numbers, in order: a reply "2" means the second of these. */
export function choicesOf(reply: Reply): ActionData[] {
  return reply.kind === 'card' ? reply.card.actions.filter(isDataAction).map((action) => action.data) : [];
}

function tailLines(card: Card, numbered: boolean): string[] {
  const lines: string[] = [];
  for (const action of card.actions) {
    if (isDataAction(action)) continue;
    const url = safeUrl(action.url);
    if (url) lines.push(`${label(action.label)}: ${url}`);
  }
  const choices = card.actions.filter(isDataAction).map((action) => label(action.label));
  if (!choices.length) return lines;
  if (numbered) lines.push(`Reply ${choices.map((choice, i) => `${i + 1} ${choice}`).join(', ')}`);
  else lines.push(...choices.map((choice) => `- ${choice}`));
  return lines;
}

/**
 * Plain text for SMS and the terminal: title, body, steps as "1. …", links as "Label: https://…", and the
 * data actions as "Reply 1 Yes, 2 No" on the last line; no blank lines, no control characters, at most
 * `maxLength` characters (the body is cut first so the choices survive). Typographic characters are kept;
 * an SMS channel can pass the result through `toGsmFriendly`.
 */
export function renderText(reply: Reply, opts: TextOptions = {}): string {
  const { numbered = true, maxLength = DEFAULT_MAX_LENGTH } = opts;
  let body: string[];
  let tail: string[] = [];
  if (reply.kind === 'text') {
    body = linesOf(reply.text, maxLength);
  } else {
    const { card } = reply;
    body = card.title ? [flat(card.title)].filter(Boolean) : [];
    for (const block of card.blocks) body.push(...blockLines(block));
    tail = tailLines(card, numbered);
  }
  const bodyText = body.join('\n');
  const tailText = tail.join('\n');
  if (!tailText) return cleanText(bodyText, maxLength, ELLIPSIS);
  if (!bodyText) return cleanText(tailText, maxLength, ELLIPSIS);
  const room = maxLength - tailText.length - 1;
  if (room <= ELLIPSIS.length) return cleanText(tailText, maxLength, ELLIPSIS);
  return `${cleanText(bodyText, room, ELLIPSIS)}\n${tailText}`;
}
