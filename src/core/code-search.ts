// Ranked, typo-tolerant keyword search over the knowledge entries (pasted error text or a tech's keywords).
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

interface Indexed {
  entry: Entry;
  weights: Map<string, number>;
  bigrams: Set<string>;
}

/** A search function over entries: best matches first, only those that share real words with the query. */
export type CodeSearch = (query: string, limit?: number) => Entry[];

/** Builds the search index once; the returned function is pure and fast. */
export function createCodeSearch(entries: readonly Entry[]): CodeSearch {
  const fields = (e: Entry): [string, number][] => [
    [e.screenText ?? '', 3],
    [e.title, 2],
    [e.keywords.join(' '), 3],
    [e.meaning, 1],
    [e.causes.join(' '), 1],
  ];
  const indexed: Indexed[] = entries.map((entry) => {
    const weights = new Map<string, number>();
    const bigrams = new Set<string>();
    for (const [text, weight] of fields(entry)) {
      const stems = searchTokens(text).map(stem);
      for (const s of stems) weights.set(s, Math.max(weights.get(s) ?? 0, weight));
      for (let i = 1; i < stems.length; i++) bigrams.add(`${stems[i - 1]} ${stems[i]}`);
    }
    return { entry, weights, bigrams };
  });
  const documentFrequency = new Map<string, number>();
  for (const { weights } of indexed)
    for (const s of weights.keys()) documentFrequency.set(s, (documentFrequency.get(s) ?? 0) + 1);
  const idf = (s: string) => Math.log(1 + indexed.length / (documentFrequency.get(s) ?? 0.5));
  const vocabulary = [...documentFrequency.keys()];

  const closest = (token: string): { stem: string; score: number } | undefined => {
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

  return (query, limit = 5) => {
    const terms = searchTokens(query)
      .map(closest)
      .filter((t): t is { stem: string; score: number } => t !== undefined);
    if (terms.length === 0) return [];
    const scored = indexed.map(({ entry, weights, bigrams }) => {
      let score = 0;
      for (const t of terms) score += (weights.get(t.stem) ?? 0) * t.score * idf(t.stem);
      for (let i = 1; i < terms.length; i++) {
        if (bigrams.has(`${terms[i - 1]?.stem} ${terms[i]?.stem}`)) score += 2;
      }
      return { entry, score };
    });
    const top = Math.max(0, ...scored.map((s) => s.score));
    return scored
      .filter((s) => s.score > 0 && s.score >= top * 0.3)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((s) => s.entry);
  };
}
