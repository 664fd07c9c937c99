// Renders the card model as an Adaptive Card 1.5 (the newest Teams mobile shows), phone-first and escaped.
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
import { breakTemplates, cleanText, escapeMarkdownForAdaptive } from './escape.ts';
import { safeUrl } from './safe-url.ts';
import { createTextBudget, type TextBudget } from './text-budget.ts';

type Json = Record<string, unknown>;

/** The schema URL every card names. */
export const ADAPTIVE_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** The schema version cards are written to: Teams mobile renders up to 1.5. */
export const ADAPTIVE_VERSION = '1.5';

/**
 * The key under which an `Action.Submit` carries its ActionData. A press comes back to the bot as
 * `activity.value = { vpnbot: ActionData }` (Teams, Web Chat, the Emulator); read it with `readSubmitData`.
 */
export const SUBMIT_KEY = 'vpnbot';

const MAX = {
  total: 12_000,
  title: 200,
  text: 3000,
  item: 1000,
  label: 100,
  value: 1000,
  code: 3000,
} as const;
const MAX_ACTION_TITLE = 80;
const MAX_CODE_LINES = 60;
/** Teams shows at most six actions in a row; more go into action sets in the body. */
const MAX_CARD_ACTIONS = 6;
const ACTIONS_PER_SET = 5;
const NBSP = '\u00A0';

const TONE_STYLE: Record<Tone, string> = {
  info: 'accent',
  good: 'good',
  warning: 'warning',
  attention: 'attention',
};

/** Escaped TextBlock markdown for plain text; a single newline becomes a paragraph break, as TextBlocks need. */
function markdown(text: string): string {
  return escapeMarkdownForAdaptive(text).replace(/\n+/g, '\n\n');
}

function textBlock(text: string, extra: Json = {}): Json {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

function titleElements(card: Card): Json[] {
  if (!card.title) return [];
  const title = cleanText(card.title, MAX.title).trim();
  if (!title) return [];
  const heading = textBlock(markdown(title), { size: 'Medium', weight: 'Bolder', style: 'heading' });
  if (!card.tone) return [heading];
  return [{ type: 'Container', style: TONE_STYLE[card.tone], bleed: true, items: [heading] }];
}

function listElements(
  title: string | undefined,
  items: string[],
  marker: (n: number) => string,
  budget: TextBudget,
) {
  const out: Json[] = [];
  const heading = title ? budget.take(title, MAX.label) : undefined;
  if (heading) out.push(textBlock(markdown(heading), { weight: 'Bolder' }));
  items.forEach((item, i) => {
    const text = budget.take(item, MAX.item);
    if (text) out.push(textBlock(`${marker(i + 1)} ${markdown(text)}`, { spacing: 'Small' }));
  });
  return out;
}

function codeLine(line: string): string {
  if (!line.trim()) return NBSP;
  return escapeMarkdownForAdaptive(line).replace(/ {2}/g, ` ${NBSP}`);
}

function blockElements(block: Block, budget: TextBudget): Json[] {
  switch (block.kind) {
    case 'text': {
      const text = budget.take(block.text, MAX.text);
      if (!text?.trim()) return [];
      const style: Json = {};
      if (block.emphasis) style.weight = 'Bolder';
      if (block.muted) style.isSubtle = true;
      return [textBlock(markdown(text), style)];
    }
    case 'steps':
      return listElements(block.title, block.items, (n) => `**${n}.**`, budget);
    case 'bullets':
      return listElements(block.title, block.items, () => '•', budget);
    case 'facts': {
      const facts: Json[] = [];
      for (const { label, value } of block.items) {
        const title = budget.take(label, MAX.label);
        const shown = budget.take(value, MAX.value);
        if (title === undefined || shown === undefined) break;
        facts.push({ title: markdown(title), value: markdown(shown) || NBSP });
      }
      return facts.length ? [{ type: 'FactSet', facts }] : [];
    }
    case 'code': {
      const text = budget.take(block.text, MAX.code);
      if (!text?.trim()) return [];
      const lines = text
        .replace(/^\n+|\n+$/g, '')
        .split('\n')
        .slice(0, MAX_CODE_LINES);
      const items = lines.map((line, i) =>
        textBlock(codeLine(line), i ? { fontType: 'Monospace', spacing: 'None' } : { fontType: 'Monospace' }),
      );
      return [{ type: 'Container', style: 'emphasis', items }];
    }
  }
}

/** The Action.Submit data for an ActionData: `{ vpnbot: ActionData }`. */
export function submitData(data: ActionData): Json {
  return { [SUBMIT_KEY]: data };
}

function renderActions(actions: readonly Action[]): Json[] {
  let primaryTaken = false;
  const out: Json[] = [];
  actions.forEach((action, i) => {
    const title = breakTemplates(cleanText(action.label, MAX_ACTION_TITLE).trim()) || String(i + 1);
    if (!isDataAction(action)) {
      const url = safeUrl(action.url);
      if (url) out.push({ type: 'Action.OpenUrl', title, url });
      return;
    }
    const rendered: Json = { type: 'Action.Submit', title, data: submitData(action.data) };
    if (action.style === 'primary' && !primaryTaken) {
      rendered.style = 'positive';
      primaryTaken = true;
    } else if (action.style === 'destructive') {
      rendered.style = 'destructive';
    }
    out.push(rendered);
  });
  return out;
}

/** The Adaptive Card (1.5, full width in Teams) for a card; every string in it is escaped and cut to size. */
export function renderAdaptiveCard(card: Card): Json {
  const budget = createTextBudget(MAX.total);
  const body: Json[] = [...titleElements(card)];
  for (const block of card.blocks) body.push(...blockElements(block, budget));
  if (budget.overrun) body.push(textBlock('…', { isSubtle: true }));
  const actions = renderActions(card.actions);
  const json: Json = {
    type: 'AdaptiveCard',
    $schema: ADAPTIVE_SCHEMA,
    version: ADAPTIVE_VERSION,
    msteams: { width: 'Full' },
  };
  const summary = cleanText(card.summary, 300).trim();
  if (summary) json.fallbackText = markdown(summary);
  if (actions.length > MAX_CARD_ACTIONS) {
    for (let i = 0; i < actions.length; i += ACTIONS_PER_SET) {
      body.push({ type: 'ActionSet', actions: actions.slice(i, i + ACTIONS_PER_SET) });
    }
  } else if (actions.length) {
    json.actions = actions;
  }
  json.body = body;
  return json;
}

/** A reply for Teams: text stays a (markdown-escaped) text message, a card becomes an Adaptive Card. */
export function renderAdaptiveReply(reply: Reply): { text?: string; card?: Json } {
  if (reply.kind === 'card') return { card: renderAdaptiveCard(reply.card) };
  return { text: markdown(cleanText(reply.text).trim()) };
}

/**
 * The ActionData a button press carried, from `activity.value` (an object, or its JSON text): the value
 * must hold exactly one ActionData under `vpnbot`; anything else, forged or malformed, gives undefined.
 */
export function readSubmitData(value: unknown): ActionData | undefined {
  const obj = typeof value === 'string' ? parseJsonSafely(value, 4000) : value;
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj) || !Object.hasOwn(obj, SUBMIT_KEY))
    return undefined;
  return parseActionData((obj as Json)[SUBMIT_KEY]);
}
