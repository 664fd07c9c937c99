// Reads what the bot posted to the connector stub: Adaptive Cards, their buttons and text, all validated.
import type { ConnectorPost } from './connector-stub.ts';
import { validateAdaptiveCard } from './validate-adaptive.ts';

type Json = Record<string, unknown>;

/** The Adaptive Card JSON in one posted activity. */
export function cardsOf(post: ConnectorPost): Json[] {
  const attachments = (post.activity.attachments ?? []) as { contentType: string; content: Json }[];
  return attachments
    .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((a) => a.content);
}

/** Every Adaptive Card in the posts, each checked with the adaptivecards SDK (throws listing the problems). */
export function validCards(posts: readonly ConnectorPost[]): Json[] {
  const cards = posts.flatMap(cardsOf);
  for (const card of cards) {
    const problems = validateAdaptiveCard(card);
    if (problems.length)
      throw new Error(`invalid Adaptive Card:\n${problems.join('\n')}\n${JSON.stringify(card)}`);
  }
  return cards;
}

const walk = (node: unknown, visit: (n: Json) => void): void => {
  if (Array.isArray(node)) for (const item of node) walk(item, visit);
  else if (node && typeof node === 'object') {
    visit(node as Json);
    for (const [key, value] of Object.entries(node)) if (key !== 'data') walk(value, visit);
  }
};

/** The Action.Submit buttons of a card: title and the data a press posts back as `value`. */
export function submitButtons(card: Json): { title: string; data: unknown }[] {
  const out: { title: string; data: unknown }[] = [];
  walk(card, (n) => {
    if (n.type === 'Action.Submit') out.push({ title: String(n.title), data: n.data });
  });
  return out;
}

/** The Action.OpenUrl links of a card. */
export function openUrls(card: Json): string[] {
  const out: string[] = [];
  walk(card, (n) => {
    if (n.type === 'Action.OpenUrl') out.push(String(n.url));
  });
  return out;
}

/** All the TextBlock and fact text of a card, one string. */
export function cardText(card: Json): string {
  const out: string[] = [];
  walk(card, (n) => {
    if (n.type === 'TextBlock') out.push(String(n.text));
    if (n.type === 'FactSet') for (const f of n.facts as Json[]) out.push(`${f.title}: ${f.value}`);
  });
  return out.join('\n');
}

/** Everything the posts said: message text and card text. */
export function heard(posts: readonly ConnectorPost[]): string {
  return posts
    .flatMap((p) => [typeof p.activity.text === 'string' ? p.activity.text : '', ...cardsOf(p).map(cardText)])
    .filter(Boolean)
    .join('\n');
}

/** `value`, or a test failure naming what was missing (instead of a non-null assertion). */
export function must<T>(value: T | undefined | null, what = 'a value'): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, got ${String(value)}`);
  return value;
}
