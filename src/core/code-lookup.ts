// Answers a `/vpncode` query: an exact code, codes inside a sentence, a code inside a range, a range, or
// keywords and pasted error text. Codes are read by the one code reader (read-codes.ts) the chat uses too.
import { cleanInput } from './clean-text.ts';
import { createScoredSearch, type ScoredSearch } from './code-search.ts';
import { bareCode } from './find-codes.ts';
import type { CodeRange, Entry } from './knowledge.ts';
import { readCodes } from './read-codes.ts';

/**
 * What a lookup found; `matches` best first, `suggestions` the nearest known entries when a code is unknown.
 * `kind: 'code'` has the code in `code` and all its entries in `matches`; `kind: 'codes'` (several codes in
 * one query, or a code whose words quote another code's dialog text) has every code in `codes`, the first
 * also in `code`, and their entries in `matches` in the same order, an entry once.
 */
export interface LookupResult {
  query: string;
  kind: 'usage' | 'code' | 'codes' | 'range' | 'search';
  code?: number;
  codes?: number[];
  matches: Entry[];
  suggestions: Entry[];
}

/** The lookup over one loaded knowledge base. */
export interface CodeLookup {
  entries: readonly Entry[];
  lookup(query: string): LookupResult;
  /** The entries covering a code, most specific (narrowest range) first. */
  byCode(code: number): Entry[];
  /** The `count` entries whose codes are closest to `code`. */
  nearest(code: number, count?: number): Entry[];
  /** Every entry sharing words with a text, scored, with how clearly the text quotes its dialog text. */
  searchScored: ScoredSearch;
  /** Builds the keyword index now rather than on the first search. */
  warm(): void;
}

const MAX_QUERY = 300;
const MAX_SEARCH_RESULTS = 5;
const width = (r: CodeRange) => r.to - r.from;

/** Cleans raw user input into a query: control characters gone, white space folded, length capped. */
export function cleanQuery(raw: string): string {
  return cleanInput(raw, MAX_QUERY);
}

/** Builds the lookup; entries are indexed once, on the first search or `warm()`. */
export function createCodeLookup(entries: readonly Entry[]): CodeLookup {
  let index: ScoredSearch | undefined;
  const warm = () => {
    index ??= createScoredSearch(entries);
    return index;
  };
  const searchScored: ScoredSearch = (query) => warm()(query);

  const search = (query: string, first?: Entry): Entry[] => {
    const found = searchScored(query);
    const top = found[0]?.score ?? 0;
    const ranked = found.filter((s) => s.score >= top * 0.3).map((s) => s.entry);
    const ordered = first ? [first, ...ranked.filter((e) => e !== first)] : ranked;
    return ordered.slice(0, MAX_SEARCH_RESULTS);
  };

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

  const one = (query: string, code: number): LookupResult => {
    const matches = byCode(code);
    return { query, kind: 'code', code, matches, suggestions: matches.length ? [] : nearest(code) };
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

    // A query that is nothing but a code is that code, even one the chat would not take on its own ("12").
    const bare = bareCode(query);
    if (bare !== undefined) return one(query, bare);

    const reading = readCodes(query, self);
    switch (reading.kind) {
      case 'codes': {
        const [code] = reading.codes;
        if (reading.codes.length === 1 && code !== undefined) return one(query, code);
        return {
          query,
          kind: 'codes',
          code,
          codes: reading.codes,
          matches: reading.entries,
          suggestions: [],
        };
      }
      case 'either': {
        const [written, quoted] = reading.options;
        return {
          query,
          kind: 'codes',
          code: written.code,
          codes: [written.code, quoted.code],
          matches: [written.entry, quoted.entry],
          suggestions: [],
        };
      }
      case 'unknown':
        return { query, kind: 'code', code: reading.code, matches: [], suggestions: reading.nearest };
      case 'text':
        return {
          query,
          kind: 'search',
          matches: search(query, reading.confident ? reading.entry : undefined),
          suggestions: [],
        };
      case 'none':
        return { query, kind: 'search', matches: search(query), suggestions: [] };
    }
  };

  const self: CodeLookup = { entries, lookup, byCode, nearest, searchScored, warm: () => void warm() };
  return self;
}
