// `vpnbot code <arg> [--format text|json|adaptive|blockkit]`: the /vpncode answer on the command line.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { contentFilesIn, loadContent } from '../content/load-content.ts';
import { isDataAction } from '../core/card.ts';
import { lookupCards } from '../core/code-card.ts';
import { createCodeLookup, type LookupResult } from '../core/code-lookup.ts';
import { type Entry, expandRanges, formatCode } from '../core/knowledge.ts';
import { fillPlaceholders, type OrgFacts } from '../core/org-facts.ts';
import { renderAdaptiveCard } from '../render/adaptive-card.ts';
import { renderBlockKit } from '../render/block-kit.ts';
import { renderText } from '../render/text.ts';
import type { CliIo } from './io.ts';

const FORMATS = ['text', 'json', 'adaptive', 'blockkit'] as const;
type Format = (typeof FORMATS)[number];

/** The JSON shape of a lookup (docs/architecture.md §4): codes expanded, org placeholders filled. */
export function lookupJson(result: LookupResult, org: OrgFacts) {
  const fill = (s: string) => fillPlaceholders(s, org);
  const codes = (e: Entry) => expandRanges(e.ranges);
  return {
    query: result.query,
    kind: result.kind,
    ...(result.codes ? { codes: result.codes } : {}),
    matches: result.matches.map((e) => ({
      codes: codes(e),
      codesText: e.ranges.map((r) => (r.from === r.to ? formatCode(r.from) : `${r.from}-${r.to}`)),
      title: e.title,
      meaning: fill(e.meaning),
      causes: e.causes.map(fill),
      userSteps: e.userSteps.map(fill),
      techSteps: e.techSteps.map((t) => fillPlaceholders(t, org, 'token')),
      actor: e.actor,
      protocols: e.protocols,
      topic: e.topic,
    })),
    suggestions: result.suggestions.map((e) => ({ codes: codes(e), title: e.title })),
  };
}

/** A negative decimal HRESULT as Windows event logs show it ("-2146885613"): a code, not an option. */
const NEGATIVE = /^-\d+$/;
/** What stands in for the minus sign of such an argument while the options are parsed. */
const MINUS = '\u2212';

/** Runs the command; returns the exit code (0 found or usage, 1 nothing found, 2 bad arguments). */
export async function codeCommand(args: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  const parse = (a: string[]) =>
    parseArgs({
      args: a,
      allowPositionals: true,
      options: { format: { type: 'string', short: 'f', default: 'text' } },
    });
  const minus = (a: string) => (a.startsWith(MINUS) ? `-${a.slice(MINUS.length)}` : a);
  try {
    parsed = parse(args.map((a) => (NEGATIVE.test(a) ? `${MINUS}${a.slice(1)}` : a)));
  } catch (err) {
    io.err(
      `vpnbot code: ${(err as Error).message}\nUsage: vpnbot code <code|range|keywords> [--format ${FORMATS.join('|')}]`,
    );
    return 2;
  }
  const format = minus(String(parsed.values.format)) as Format;
  if (!FORMATS.includes(format)) {
    io.err(`vpnbot code: --format must be one of ${FORMATS.join(', ')}`);
    return 2;
  }
  const config = loadConfig();
  const content = loadContent(contentFilesIn(config.contentDir));
  const lookup = createCodeLookup(content.entries);
  const result = lookup.lookup(parsed.positionals.map(minus).join(' '));
  const ctx = { org: config.org, phrases: content.phrases };
  const cards = lookupCards(result, content.entries, ctx);
  if (format === 'json') io.out(JSON.stringify(lookupJson(result, config.org), null, 2));
  else if (format === 'adaptive') io.out(JSON.stringify(cards.map(renderAdaptiveCard), null, 2));
  else if (format === 'blockkit')
    io.out(
      JSON.stringify(
        cards.map((card) => renderBlockKit({ kind: 'card', card })),
        null,
        2,
      ),
    );
  else {
    const readable = cards.map((card) => ({
      ...card,
      actions: card.actions.filter((a) => !isDataAction(a)),
    }));
    io.out(readable.map((card) => renderText({ kind: 'card', card })).join('\n\n'));
  }
  return result.kind === 'usage' || result.matches.length > 0 ? 0 : 1;
}
