// Text → the words and stems the intent model reads: synonyms folded, misspellings fixed, Porter-stemmed.
import { createRequire } from 'node:module';
import { stem } from '../lib/natural.ts';
import { PHRASES, WORDS } from './synonyms.ts';
import type { TypoFixer } from './typo-fix.ts';

const require = createRequire(import.meta.url);
const AggressiveTokenizer = require('natural/lib/natural/tokenizers/aggressive_tokenizer') as new () => {
  tokenize(text: string): string[];
};
const tokenizer = new AggressiveTokenizer();

/** The longest text the NLU reads; the rest is ignored. */
export const MAX_NLU_CHARS = 1000;

/** Lower-cased words of `text` with chat shorthand and synonyms folded to one spelling; numbers dropped. */
export function words(text: string): string[] {
  let lower = ` ${text.slice(0, MAX_NLU_CHARS).toLowerCase()} `;
  for (const [pattern, replacement] of PHRASES) lower = lower.replace(pattern, replacement);
  const out: string[] = [];
  for (const token of tokenizer.tokenize(lower)) {
    for (const part of token.split(/['\-/]+/)) {
      if (!/[a-z]/.test(part) || /\d/.test(part)) continue;
      const mapped = WORDS.get(part);
      if (mapped) out.push(...mapped.split(' '));
      else out.push(part);
    }
  }
  return out;
}

const stemCache = new Map<string, string>();

/** The Porter stem of one lower-case word, memoised. */
export function stemOf(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stem(word);
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/** Words too common to say anything about the intent; they are left out before stemming. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the i my mine we our us it its this that these those is am are was were be been being do does did ' +
    'of to in on at for with from by as and or but so if than too very just really also about into there here ' +
    'some any all own same such'
  ).split(' '),
);

/** The stems of a text as the model reads them (stop words left out) and how many words it had never seen. */
export interface Normalized {
  stems: string[];
  unknown: number;
}

/** Two known words run together ("servername", "vpnclient"), or undefined. */
function splitCompound(word: string, known: ReadonlySet<string>): string[] | undefined {
  if (word.length < 6 || word.length > 24) return undefined;
  for (let i = 3; i <= word.length - 3; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (known.has(head) && known.has(tail) && !STOP_WORDS.has(head) && !STOP_WORDS.has(tail))
      return [head, tail];
  }
  return undefined;
}

/** Stems of `text`; words outside `known` are replaced by the nearest known word when `fixer` finds one. */
export function normalize(text: string, known: ReadonlySet<string>, fixer?: TypoFixer): Normalized {
  const stems: string[] = [];
  let unknown = 0;
  for (const word of words(text)) {
    if (STOP_WORDS.has(word)) continue;
    if (known.has(word)) {
      stems.push(stemOf(word));
      continue;
    }
    const parts = fixer ? splitCompound(word, known) : undefined;
    const fixed = parts ? undefined : fixer?.fix(word);
    if (parts) stems.push(...parts.map(stemOf));
    else if (fixed) stems.push(stemOf(fixed));
    else {
      unknown++;
      stems.push(stemOf(word));
    }
  }
  return { stems, unknown };
}
