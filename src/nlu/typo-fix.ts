// Maps a misspelt word to the closest word the model knows (Damerau–Levenshtein, ties broken by Jaro–Winkler).
import { editDistance, similarity } from '../lib/natural.ts';

/** Finds the known word a misspelling stands for. */
export interface TypoFixer {
  /** The closest known word within the allowed edit distance, or undefined when nothing is close enough. */
  fix(word: string): string | undefined;
}

const MAX_WORD = 24;
const CACHE_LIMIT = 20_000;

const allowedEdits = (length: number) => (length >= 8 ? 2 : 1);

function deletes(word: string, depth: number, into: Set<string>): void {
  if (depth === 0 || word.length <= 2) return;
  for (let i = 0; i < word.length; i++) {
    const shorter = word.slice(0, i) + word.slice(i + 1);
    if (!into.has(shorter)) {
      into.add(shorter);
      deletes(shorter, depth - 1, into);
    }
  }
}

const sameLetters = (a: string, b: string) => [...a].sort().join('') === [...b].sort().join('');

/** Builds a fixer over `counts` (known word → how often it occurs); lookups use a delete index, so they stay fast. */
export function createTypoFixer(counts: ReadonlyMap<string, number>): TypoFixer {
  const index = new Map<string, string[]>();
  const add = (key: string, word: string) => {
    const list = index.get(key);
    if (list) list.push(word);
    else index.set(key, [word]);
  };
  for (const word of counts.keys()) {
    if (word.length < 3 || word.length > MAX_WORD) continue;
    add(word, word);
    const variants = new Set<string>();
    deletes(word, allowedEdits(word.length), variants);
    for (const v of variants) add(v, word);
  }
  const cache = new Map<string, string | undefined>();

  const search = (word: string): string | undefined => {
    const limit = allowedEdits(word.length);
    const keys = new Set<string>([word]);
    deletes(word, limit, keys);
    const candidates = new Set<string>();
    for (const key of keys) for (const w of index.get(key) ?? []) candidates.add(w);
    let best: { word: string; edits: number; sim: number; count: number } | undefined;
    for (const candidate of candidates) {
      if (Math.abs(candidate.length - word.length) > limit) continue;
      if (word.length === 3 && !sameLetters(word, candidate)) continue;
      const edits = editDistance(word, candidate);
      if (edits > Math.min(limit, allowedEdits(candidate.length))) continue;
      const sim = similarity(word, candidate);
      const count = counts.get(candidate) ?? 0;
      if (
        !best ||
        edits < best.edits ||
        (edits === best.edits && (sim > best.sim || (sim === best.sim && count > best.count)))
      )
        best = { word: candidate, edits, sim, count };
    }
    return best?.word;
  };

  return {
    fix(word) {
      if (word.length < 3 || word.length > MAX_WORD || !/^[a-z]+$/.test(word)) return undefined;
      if (cache.has(word)) return cache.get(word);
      const fixed = search(word);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(word, fixed);
      return fixed;
    },
  };
}
