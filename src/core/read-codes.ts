// The one code reader: what a piece of text (a chat message, a /vpncode query, a screenshot's OCR) says about
// error codes. The numbers are found by find-codes.ts; here they are weighed against the dialog words around
// them. Pure, no I/O.
import type { ScoredEntry, ScoredSearch } from './code-search.ts';
import { extractCodes } from './find-codes.ts';
import { type Entry, formatCode } from './knowledge.ts';

/** What reading codes needs of the code lookup: entries by number, the nearest known ones, and scored search. */
export interface CodeIndex {
  byCode(code: number): Entry[];
  nearest(code: number, count?: number): Entry[];
  searchScored: ScoredSearch;
}

/** What a piece of text says about error codes, given the knowledge base. */
export type CodeReading =
  /** No code, and no dialog text of a known entry. */
  | { kind: 'none' }
  /**
   * One or more known codes, in the order written, and their entries in that order (an entry once).
   * `misread` is the number as written when it was no known code and the words corrected it (see readCodes).
   */
  | { kind: 'codes'; codes: number[]; entries: Entry[]; misread?: number }
  /** A number that is no known code, and the words don't name one; `nearest` are the closest known codes. */
  | { kind: 'unknown'; code: number; nearest: Entry[] }
  /** No (known) number, but the words quote this entry's dialog text; `confident` when clearly (see readCodes). */
  | { kind: 'text'; entry: Entry; confident: boolean }
  /** The code as written (first) and the entry its words clearly quote (second) disagree: ask which. */
  | { kind: 'either'; options: [{ code: number; entry: Entry }, { code: number; entry: Entry }] };

/**
 * A quote this strong (ScoredEntry.strength, 0–1) clearly names its entry. Chosen from the data in
 * test/read-codes.test.ts: every screen text of the knowledge base and 50 pasted, partial and OCR-damaged
 * dialog texts reach 0.83 or more (the weakest is the partial "the remote server is not responding");
 * sentences that are not dialog text stay at 0.68 or below ("the vpn connection attempt failed" 0.68, "the dns
 * server is not responding" 0.66, most 0). Of the ~1,000 NLU dev and training lines without a code only four
 * quote a dialog at all, and the two above the line use the dialogs' own words ("the name of the remote
 * access server did not resolve", "the connection is already established elsewhere").
 */
export const CLEAR_QUOTE = 0.75;
/**
 * The best-quoted entry must fit this many times better than the next (ScoredEntry.fit) to be told apart.
 * Screen texts that differ in one word (741 "local" / 742 "remote") are 1.2 apart; 787 and 835 share theirs.
 */
export const CLEAR_MARGIN = 1.1;

/** Whether two codes differ in exactly one digit, as Windows writes them (decimal, or hex for HRESULTs). */
export function oneDigitApart(a: number, b: number): boolean {
  const x = formatCode(a);
  const y = formatCode(b);
  if (x.length !== y.length || x === y) return false;
  let differ = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differ++;
  return differ === 1;
}

/** The codes an entry stands for, one per range start (a range's other codes are never guessed from words). */
const codesOf = (entry: Entry) => entry.ranges.filter((r) => r.from === r.to).map((r) => r.from);

/** The entry's own code to name when words point at it: its single code, else its first one. */
const codeOf = (entry: Entry) => codesOf(entry)[0] ?? entry.ranges[0]?.from ?? 0;

interface Quotes {
  /** Entries quoted strongly enough (CLEAR_QUOTE), best first; the first is the clear one when `clear`. */
  strong: ScoredEntry[];
  best: ScoredEntry | undefined;
  clear: boolean;
  /** How the words quote any entry (0 when not at all). */
  of(entry: Entry): ScoredEntry | undefined;
}

function quotes(text: string, lookup: CodeIndex): Quotes {
  // A quote is a run of at least three words, so shorter texts ("yes", "error 721") quote nothing.
  const words = text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  const found = words < 3 ? [] : lookup.searchScored(text).filter((s) => s.quoted > 0);
  found.sort((a, b) => b.strength - a.strength || b.fit - a.fit);
  const [best, next] = found;
  const strong = found.filter((s) => s.strength >= CLEAR_QUOTE);
  const clear = !!best && best.strength >= CLEAR_QUOTE && (!next || best.fit >= next.fit * CLEAR_MARGIN);
  return { strong, best, clear, of: (entry) => found.find((s) => s.entry === entry) };
}

/** The entries of codes, in their order, each once (a code's most specific entry). */
function entriesOf(codes: readonly number[], lookup: CodeIndex): Entry[] {
  const out: Entry[] = [];
  for (const code of codes) {
    const [entry] = lookup.byCode(code);
    if (entry && !out.includes(entry)) out.push(entry);
  }
  return out;
}

/**
 * What `text` says about error codes. The numbers are found as `extractCodes` finds them (the chat's NLU
 * uses the same function, so chat and lookup never disagree on a number). Then:
 *
 * - Known codes (unknown ones beside them are dropped): the codes win, with one exception: when only one
 *   code was written and the words clearly quote another entry's dialog text with a quote the code's entry
 *   can't account for (what the words quote of the other entry beyond what they quote of the code's own
 *   screen text is itself a clear quote), the answer is `either` (the code as written, the words' entry):
 *   "Error 691: the remote server is not responding" → 691 or 809?
 * - Only unknown numbers: when the entry the words clearly quote has a code one digit away from the (first)
 *   number, or, when no entry is clearly best, exactly one of the strongly quoted entries has, the number
 *   was misread (OCR read 808 in an 809 dialog) and is corrected silently: `codes` with that code and
 *   `misread`. We correct rather than ask because both signals agree: one digit is the typical misreading
 *   and the words alone would already name that entry. Otherwise, when the words clearly quote one entry,
 *   the words win: `text`, confident. Otherwise `unknown` with the nearest known codes.
 * - No number: `text` when the words quote an entry's dialog text at all (confident when clearly, and
 *   clearly better than any other entry), else `none`.
 */
export function readCodes(text: string, lookup: CodeIndex): CodeReading {
  const numbers = extractCodes(text, { has: (code) => lookup.byCode(code).length > 0 });
  const known = numbers.filter((code) => lookup.byCode(code).length > 0);
  const words = quotes(text, lookup);

  if (known.length) {
    const [code] = known;
    const entries = entriesOf(known, lookup);
    const other = words.clear ? words.best : undefined;
    if (code !== undefined && known.length === 1 && other && !lookup.byCode(code).includes(other.entry)) {
      const own = Math.max(0, ...lookup.byCode(code).map((e) => words.of(e)?.quoted ?? 0));
      const [entry] = entries;
      if (entry && (other.quoted - own) / other.enough >= CLEAR_QUOTE)
        return {
          kind: 'either',
          options: [
            { code, entry },
            { code: codeOf(other.entry), entry: other.entry },
          ],
        };
    }
    return { kind: 'codes', codes: known, entries };
  }

  const [number] = numbers;
  if (number !== undefined) {
    const apart = (s: ScoredEntry) => codesOf(s.entry).some((c) => oneDigitApart(c, number));
    const near = words.strong.filter(apart);
    const misread = words.clear
      ? words.best && apart(words.best) && words.best
      : near.length === 1 && near[0];
    if (misread) {
      const code = codesOf(misread.entry).find((c) => oneDigitApart(c, number)) ?? codeOf(misread.entry);
      return { kind: 'codes', codes: [code], entries: [misread.entry], misread: number };
    }
    if (words.clear && words.best) return { kind: 'text', entry: words.best.entry, confident: true };
    return { kind: 'unknown', code: number, nearest: lookup.nearest(number) };
  }

  if (words.best) return { kind: 'text', entry: words.best.entry, confident: words.clear };
  return { kind: 'none' };
}
