// The `vpncode` search message extension: a query in, a list of code cards out (thumbnail preview, Adaptive Card content).
import type { Bot } from '../../app/create-bot.ts';
import type { Card } from '../../core/card.ts';
import { codeCard, entryCodes } from '../../core/code-card.ts';
import type { Entry } from '../../core/knowledge.ts';
import { say } from '../../core/phrases.ts';
import { renderAdaptiveCard } from '../../render/adaptive-card.ts';
import { cleanText } from '../../render/escape.ts';
import { ADAPTIVE_CONTENT_TYPE } from './render-for-channel.ts';

/** The command id the manifest declares for the search. */
export const VPNCODE_COMMAND = 'vpncode';

/** Codes offered before anything is typed, most asked first; those missing from the knowledge are skipped. */
const COMMON_CODES = [691, 800, 809, 721, 868, 789, 720, 13801, 812, 619, 628, 651];
const MAX_RESULTS = 10;
const MAX_PREVIEW_TEXT = 140;

/** One search result: the preview Teams lists and the card it inserts. */
export interface ExtensionAttachment {
  contentType: string;
  content: unknown;
  preview: { contentType: string; content: { title: string; text?: string } };
}

/** The body of a composeExtension/query invoke response. */
export interface ExtensionResponse {
  composeExtension: { type: 'result'; attachmentLayout: 'list'; attachments: ExtensionAttachment[] };
}

/** The query a composeExtension/query invoke carries: its command, the typed text, paging, and whether it is the initial run. */
export interface ExtensionQuery {
  commandId: string;
  text: string;
  initialRun: boolean;
  skip: number;
  count: number;
}

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const bounded = (v: unknown, min: number, max: number, fallback: number) =>
  typeof v === 'number' && Number.isInteger(v) ? Math.min(max, Math.max(min, v)) : fallback;

/** Reads `activity.value` of a composeExtension/query invoke; anything malformed reads as an empty query. */
export function readExtensionQuery(value: unknown): ExtensionQuery {
  const v = asRecord(value);
  const params = Array.isArray(v.parameters) ? v.parameters.map(asRecord) : [];
  const initialRun = params.some((p) => p.name === 'initialRun' && String(p.value) === 'true');
  const typed = params.find((p) => p.name !== 'initialRun' && typeof p.value === 'string');
  const options = asRecord(v.queryOptions);
  return {
    commandId: typeof v.commandId === 'string' ? v.commandId : '',
    text: initialRun ? '' : cleanText(String(typed?.value ?? ''), 300).trim(),
    initialRun,
    skip: bounded(options.skip, 0, 1000, 0),
    count: bounded(options.count, 1, 25, 25),
  };
}

/** The entries a query names, best first: the code's entry, a range's or keywords' matches, else the nearest codes. */
function entriesFor(bot: Bot, text: string): { entries: Entry[]; code?: number } {
  const result = bot.lookup.lookup(text);
  if (result.kind === 'usage') {
    const common = COMMON_CODES.flatMap((code) => bot.lookup.byCode(code).slice(0, 1));
    const entries = [...new Set([...common, ...bot.lookup.entries])];
    return { entries };
  }
  if (result.kind === 'code' && result.matches.length) return { entries: result.matches, code: result.code };
  return { entries: result.matches.length ? result.matches : result.suggestions };
}

/** Thumbnail text allows simple HTML in Teams, so the characters that could open markup are escaped. */
const previewText = (text: string) =>
  cleanText(text, MAX_PREVIEW_TEXT).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function attachment(card: Card, title: string, text: string | undefined): ExtensionAttachment {
  return {
    contentType: ADAPTIVE_CONTENT_TYPE,
    content: renderAdaptiveCard(card),
    preview: {
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: { title: previewText(title), ...(text ? { text: previewText(text) } : {}) },
    },
  };
}

/**
 * The answer to a `vpncode` search: one result per matching knowledge entry (at most ten per page), each
 * previewed as a thumbnail card and inserted as the tech's Adaptive Card; no text → the most common codes.
 * Pure and synchronous, so the invoke is answered well inside Teams' 5 s.
 */
export function messageExtensionResponse(bot: Bot, query: ExtensionQuery): ExtensionResponse {
  const ctx = { org: bot.config.org, phrases: bot.content.phrases };
  const known = query.commandId === VPNCODE_COMMAND || query.commandId === '';
  const { entries, code } = known ? entriesFor(bot, query.text) : { entries: [] };
  const page = entries.slice(query.skip, query.skip + Math.min(query.count, MAX_RESULTS));
  const attachments = page.map((entry) => {
    const card = codeCard(entry, ctx, 'tech', code);
    const title = say(bot.content.phrases, 'lookup.open', { code: entryCodes(entry), title: entry.title });
    const first = card.blocks[0];
    return attachment(card, title, first?.kind === 'text' ? first.text : undefined);
  });
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
}
