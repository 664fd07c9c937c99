// The few pure pieces of `natural` the bot uses, loaded from their submodules so the heavy index (and its stdout noise) never loads.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const porter = require('natural/lib/natural/stemmers/porter_stemmer') as { stem(word: string): string };
const jaroWinkler = require('natural/lib/natural/distance/jaro-winkler_distance') as (
  a: string,
  b: string,
  dt?: number,
  ignoreCase?: boolean,
) => number;
const lev = require('natural/lib/natural/distance/levenshtein_distance') as {
  DamerauLevenshteinDistance(a: string, b: string): number;
};

/** Stems already worked out: content and training repeat the same words thousands of times at start-up. */
const stems = new Map<string, string>();
/** Past this many words the memo starts afresh, so what users type cannot grow it without bound. */
const MAX_STEMS = 20_000;

/** Porter stem of one lower-case word. */
export function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = porter.stem(word);
    if (stems.size >= MAX_STEMS) stems.clear();
    stems.set(word, stemmed);
  }
  return stemmed;
}

/** Jaro–Winkler similarity of two strings, 0 (nothing alike) to 1 (equal). */
export function similarity(a: string, b: string): number {
  return jaroWinkler(a, b, undefined, true);
}

/** Damerau–Levenshtein edit distance of two strings. */
export function editDistance(a: string, b: string): number {
  return lev.DamerauLevenshteinDistance(a, b);
}
