// Ranked, typo-tolerant keyword search over the knowledge entries (pasted error text or a tech's keywords),
// and how strongly a text reads as an entry's own dialog text (its `screenText`).
import { similarity, stem } from '../lib/natural.ts';
import type { Entry } from './knowledge.ts';

const STOPWORDS = new Set(
  'a an and are as at be because been but by can could did do does for from had has have i in is it its me my no of on or our so that the their then there this to was we were what when which will with you your'.split(
    ' ',
  ),
);

/** Lower-case word tokens of a text, without stopwords. */
export function searchTokens(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((t) => !STOPWORDS.has(t));
}

/** A word with an OCR'd or typed 0/1 for o/l inside it ("rem0te", "fai1ed") spelled with letters. */
const lettersForDigits = (token: string) =>
  /[a-z]/.test(token) && /^[a-z01]+$/.test(token) && token.replace(/[a-z]/g, '').length * 2 <= token.length
    ? token.replace(/0/g, 'o').replace(/1/g, 'l')
    : token;

interface Indexed {
  entry: Entry;
  weights: Map<string, number>;
  bigrams: Set<string>;
  /** The entry's screen text as run matching reads it, its distinct dialog words and their summed weight. */
  screen: string[];
  screenSet: Set<string>;
  screenWords: number;
  screenWeight: number;
}

/** A search function over entries: best matches first, only those that share real words with the query. */
export type CodeSearch = (query: string, limit?: number) => Entry[];

/**
 * One entry as a query matched it. `score` ranks (weighted, typo-tolerant word overlap with every field).
 * The rest says how the query quotes the entry's screen text (the dialog's own words): `quoted` is the
 * weight of the screen text's words that the query has in runs of at least {@link RUN} words in the same
 * order, each word weighted by how rare it is among all screen texts (fewer than three such words, or than
 * all of a shorter text, weigh nothing); `enough` is the quoted weight that makes a full-strength quote
 * ({@link ENOUGH}, or the whole screen text's weight when that is less); `strength` (0–1) is
 * `quoted / enough`, capped; `fit` ranks entries quoted equally strongly: `quoted` times how much of the
 * screen text it is, (1 + share) / 2.
 */
export interface ScoredEntry {
  entry: Entry;
  score: number;
  strength: number;
  quoted: number;
  enough: number;
  fit: number;
}

/** Every entry that shares real words with the query, best score first. */
export type ScoredSearch = (query: string) => ScoredEntry[];

/** Words in a row the query must share with a screen text before they count as quoted. */
const RUN = 3;
const EMPTY: ReadonlySet<string> = new Set();
/** Quoted weight that is enough, whatever the screen text's length: about three distinctive dialog words. */
const ENOUGH = 8;
/** Distinct quoted words needed (or all of a screen text with fewer). */
const MIN_QUOTED = 3;

/** The word sequence of a text as run matching reads it: stopwords kept as they are, other words stemmed. */
const runWords = (text: string) =>
  (
    text
      .toLowerCase()
      .replace(/(?<=[a-z])-\s+(?=[a-z])/g, '')
      .replace(/(?<=[a-z])\|(?=[a-z])|(?<=[a-z]{2})\|/g, 'l')
      .match(/[a-z0-9]+/g) ?? []
  )
    .map(lettersForDigits)
    .filter((t) => !/\d/.test(t));

/** Positions of `text` covered by runs of at least RUN equal words shared with `query`. */
function quotedPositions(query: readonly string[], text: readonly string[]): Set<number> {
  const covered = new Set<number>();
  let previous = new Int32Array(text.length + 1);
  for (let i = 1; i <= query.length; i++) {
    const row = new Int32Array(text.length + 1);
    for (let j = 1; j <= text.length; j++) {
      if (query[i - 1] !== text[j - 1]) continue;
      row[j] = (previous[j - 1] ?? 0) + 1;
      if ((row[j] ?? 0) >= RUN) for (let k = j - RUN; k < j; k++) covered.add(k);
    }
    previous = row;
  }
  return covered;
}

/** Builds the scored search index once; the returned function is pure and fast. */
export function createScoredSearch(entries: readonly Entry[]): ScoredSearch {
  const fields = (e: Entry): [string, number][] => [
    [e.screenText ?? '', 3],
    [e.title, 2],
    [e.keywords.join(' '), 3],
    [e.meaning, 1],
    [e.causes.join(' '), 1],
  ];
  const keyOf = (word: string) => (STOPWORDS.has(word) ? word : stem(word));
  const screens = entries.map((e) => runWords(e.screenText ?? '').map(keyOf));
  const screenFrequency = new Map<string, number>();
  for (const words of screens)
    for (const s of new Set(words))
      if (!STOPWORDS.has(s)) screenFrequency.set(s, (screenFrequency.get(s) ?? 0) + 1);
  const screenIdf = (s: string) =>
    STOPWORDS.has(s) ? 0 : Math.log(1 + entries.length / (screenFrequency.get(s) ?? entries.length));

  const indexed: Indexed[] = entries.map((entry, i) => {
    const weights = new Map<string, number>();
    const bigrams = new Set<string>();
    for (const [text, weight] of fields(entry)) {
      const stems = searchTokens(text).map(stem);
      for (const s of stems) weights.set(s, Math.max(weights.get(s) ?? 0, weight));
      for (let k = 1; k < stems.length; k++) bigrams.add(`${stems[k - 1]} ${stems[k]}`);
    }
    const screen = screens[i] ?? [];
    const content = [...new Set(screen)].filter((s) => !STOPWORDS.has(s));
    const screenWeight = content.reduce((sum, s) => sum + screenIdf(s), 0);
    return {
      entry,
      weights,
      bigrams,
      screen,
      screenSet: new Set(screen),
      screenWords: content.length,
      screenWeight,
    };
  });
  const documentFrequency = new Map<string, number>();
  for (const { weights } of indexed)
    for (const s of weights.keys()) documentFrequency.set(s, (documentFrequency.get(s) ?? 0) + 1);
  const idf = (s: string) => Math.log(1 + indexed.length / (documentFrequency.get(s) ?? 0.5));
  const vocabulary = [...documentFrequency.keys()];

  const remembered = new Map<string, { stem: string; score: number } | undefined>();
  const closest = (token: string): { stem: string; score: number } | undefined => {
    if (remembered.has(token)) return remembered.get(token);
    if (remembered.size > 20_000) remembered.clear();
    const found = closestUncached(token);
    remembered.set(token, found);
    return found;
  };
  const closestUncached = (token: string): { stem: string; score: number } | undefined => {
    const exact = stem(token);
    if (documentFrequency.has(exact)) return { stem: exact, score: 1 };
    if (token.length < 4) return undefined;
    let best: { stem: string; score: number } | undefined;
    for (const candidate of vocabulary) {
      if (Math.abs(candidate.length - exact.length) > 3) continue;
      const score = similarity(exact, candidate);
      if (score >= 0.9 && (!best || score > best.score)) best = { stem: candidate, score };
    }
    return best;
  };

  return (query) => {
    const terms = searchTokens(query)
      .map(lettersForDigits)
      .map(closest)
      .filter((t): t is { stem: string; score: number } => t !== undefined);
    if (terms.length === 0) return [];
    const queryWords = runWords(query).map((w) => (STOPWORDS.has(w) ? w : (closest(w)?.stem ?? stem(w))));
    return indexed
      .map(({ entry, weights, bigrams, screen, screenSet, screenWords, screenWeight }) => {
        let score = 0;
        for (const t of terms) score += (weights.get(t.stem) ?? 0) * t.score * idf(t.stem);
        for (let i = 1; i < terms.length; i++) {
          if (bigrams.has(`${terms[i - 1]?.stem} ${terms[i]?.stem}`)) score += 2;
        }
        // A quote needs runs of words in order holding enough dialog words, so at least those on the screen.
        let shared = 0;
        for (const w of queryWords) if (!STOPWORDS.has(w) && screenSet.has(w)) shared++;
        const needed = Math.max(1, Math.min(MIN_QUOTED, screenWords));
        const positions =
          score > 0 && screenWords > 0 && shared >= needed
            ? quotedPositions(queryWords, screen)
            : new Set<number>();
        const words = positions.size ? new Set([...positions].map((k) => screen[k] ?? '')) : EMPTY;
        const content = positions.size ? [...words].filter((s) => !STOPWORDS.has(s)) : [];
        const weight = content.reduce((sum, s) => sum + screenIdf(s), 0);
        const enough = screenWeight > 0 && content.length >= Math.min(MIN_QUOTED, screenWords);
        const quoted = enough ? weight : 0;
        const full = screenWeight > 0 ? Math.min(screenWeight, ENOUGH) : ENOUGH;
        return {
          entry,
          score,
          strength: Math.min(1, quoted / full),
          quoted,
          enough: full,
          fit: quoted ? (quoted * (1 + quoted / screenWeight)) / 2 : 0,
        };
      })
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score);
  };
}

/** Builds the search index once; the returned function is pure and fast. */
export function createCodeSearch(entries: readonly Entry[]): CodeSearch {
  const scored = createScoredSearch(entries);
  return (query, limit = 5) => {
    const found = scored(query);
    const top = found[0]?.score ?? 0;
    return found
      .filter((s) => s.score >= top * 0.3)
      .slice(0, limit)
      .map((s) => s.entry);
  };
}
