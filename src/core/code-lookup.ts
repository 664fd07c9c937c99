// Answers a `/vpncode` query: an exact code, a code inside a range, a range, or keywords and pasted error text.
import { cleanInput } from './clean-text.ts';
import { createCodeSearch } from './code-search.ts';
import type { CodeRange, Entry } from './knowledge.ts';
import { parseCodeArg } from './parse-code.ts';

/** What a lookup found; `matches` best first, `suggestions` the nearest known entries when a code is unknown. */
export interface LookupResult {
  query: string;
  kind: 'usage' | 'code' | 'range' | 'search';
  code?: number;
  matches: Entry[];
  suggestions: Entry[];
}

/** The lookup over one loaded knowledge base. */
export interface CodeLookup {
  entries: readonly Entry[];
  lookup(query: string): LookupResult;
  byCode(code: number): Entry[];
}

const MAX_QUERY = 300;
const width = (r: CodeRange) => r.to - r.from;

/** Cleans raw user input into a query: control characters gone, white space folded, length capped. */
export function cleanQuery(raw: string): string {
  return cleanInput(raw, MAX_QUERY);
}

/** Builds the lookup; entries are indexed once. */
export function createCodeLookup(entries: readonly Entry[]): CodeLookup {
  const search = createCodeSearch(entries);

  const byCode = (code: number): Entry[] =>
    entries
      .map((entry) => {
        const hits = entry.ranges.filter((r) => r.from <= code && code <= r.to);
        return { entry, span: hits.length ? Math.min(...hits.map(width)) : -1 };
      })
      .filter((x) => x.span >= 0)
      .sort((a, b) => a.span - b.span)
      .map((x) => x.entry);

  const nearest = (code: number, count = 3): Entry[] => {
    const distance = (e: Entry) =>
      Math.min(...e.ranges.map((r) => (code < r.from ? r.from - code : code > r.to ? code - r.to : 0)));
    return [...entries].sort((a, b) => distance(a) - distance(b)).slice(0, count);
  };

  const lookup = (raw: string): LookupResult => {
    const query = cleanQuery(raw);
    if (!query || /^(help|list|\?|usage)$/i.test(query))
      return { query, kind: 'usage', matches: [], suggestions: [] };

    const range = /^(\d{1,10})\s*[-–]\s*(\d{1,10})$/.exec(query);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      const matches = entries.filter((e) =>
        e.ranges.some((r) => r.from <= Math.max(from, to) && r.to >= Math.min(from, to)),
      );
      return { query, kind: 'range', matches, suggestions: matches.length ? [] : nearest(from) };
    }

    const leading = /^(?:error|err|code)?\s*#?\s*(-?\d{1,10}|0x[0-9a-f]{1,8})\b\s*[:.-]?/i.exec(query);
    const code = parseCodeArg(query) ?? (leading?.[1] ? parseCodeArg(leading[1]) : undefined);
    if (code !== undefined) {
      const matches = byCode(code);
      if (matches.length || parseCodeArg(query) !== undefined) {
        return { query, kind: 'code', code, matches, suggestions: matches.length ? [] : nearest(code) };
      }
    }
    return { query, kind: 'search', matches: search(query), suggestions: [] };
  };

  return { entries, lookup, byCode };
}
