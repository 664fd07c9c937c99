// Validates Adaptive Card JSON with the real adaptivecards object model, plus the rules Teams adds on top.
import { createRequire } from 'node:module';
import type * as AdaptiveCards from 'adaptivecards';

// `adaptivecards/lib` is extension-less ESM that Node cannot load; the UMD bundle in dist/ works without a DOM.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

/** Teams renders up to this schema version (mobile included). */
const MAX_VERSION = 1.5;
/** Teams takes bot messages up to about 100 KB; a card should stay well under. */
const MAX_BYTES = 40_000;
/** Teams' host allows six actions on a card (the SDK's default host allows five). */
const TEAMS_HOST = new AC.HostConfig({ actions: { maxActions: 6 } });
/** Properties the SDK does not model but hosts read; they are allowed to vanish on the round trip. */
const HOST_PROPERTIES = new Set(['msteams']);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Paths of properties in `sent` that the SDK dropped when re-serialising: unknown names, typos, wrong places. */
function droppedProperties(sent: unknown, kept: unknown, path: string, out: string[]): void {
  if (Array.isArray(sent)) {
    const keptArray = Array.isArray(kept) ? kept : [];
    if (keptArray.length !== sent.length)
      out.push(`${path}: ${sent.length} items sent, ${keptArray.length} understood`);
    for (const [i, item] of sent.entries()) droppedProperties(item, keptArray[i], `${path}[${i}]`, out);
    return;
  }
  if (!isObject(sent)) return;
  const keptObject = isObject(kept) ? kept : {};
  for (const [key, value] of Object.entries(sent)) {
    if (HOST_PROPERTIES.has(key)) continue;
    if (!(key in keptObject))
      out.push(`${path}.${key}: not understood by the SDK (unknown, misplaced or a default)`);
    else if (key !== 'data') droppedProperties(value, keptObject[key], `${path}.${key}`, out);
  }
}

/** Problems the Teams-side rules find: version, link schemes, empty titles, size. */
function teamsProblems(json: Json, out: string[]): void {
  const version = Number(json.version);
  if (!(version <= MAX_VERSION)) out.push(`version ${String(json.version)} is above ${MAX_VERSION}`);
  const bytes = Buffer.byteLength(JSON.stringify(json));
  if (bytes > MAX_BYTES) out.push(`card is ${bytes} bytes, over ${MAX_BYTES}`);
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) visit(item, `${path}[${i}]`);
      return;
    }
    if (!isObject(node)) return;
    if (typeof node.type === 'string' && node.type.startsWith('Action.')) {
      if (typeof node.title !== 'string' || !node.title.trim()) out.push(`${path}: action without a title`);
      if (node.type === 'Action.OpenUrl' && !/^https?:\/\//i.test(String(node.url))) {
        out.push(`${path}: Action.OpenUrl to a non-http(s) URL`);
      }
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'data') visit(value, `${path}.${key}`);
  };
  visit(json, '$');
}

/**
 * Every problem with an Adaptive Card as Teams would receive it: SDK parse events, SDK property validation,
 * properties the SDK does not understand, a version above 1.5, unsafe links, untitled actions, oversize.
 * An empty list means the card is valid.
 */
export function validateAdaptiveCard(json: unknown): string[] {
  if (!isObject(json)) return ['card is not a JSON object'];
  const problems: string[] = [];
  if (json.type !== 'AdaptiveCard') problems.push(`type is ${String(json.type)}, not AdaptiveCard`);
  const card = new AC.AdaptiveCard();
  card.hostConfig = TEAMS_HOST;
  const context = new AC.SerializationContext();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`parse: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of card.validateProperties().validationEvents) {
    problems.push(`validate: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  droppedProperties(json, card.toJSON(), '$', problems);
  teamsProblems(json, problems);
  return problems;
}
