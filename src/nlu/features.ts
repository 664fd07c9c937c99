// Stems → the sparse features the intent model weighs: each stem, and each pair of neighbouring stems.

/** Marks a text with words the model has never seen (or, in training, words seen only in that one sentence). */
export const UNKNOWN_FEATURE = '<unknown>';

/** The features of a stemmed text: unigrams, bigrams joined by a space, and an unknown-word marker when `unknown` > 0. */
export function featuresOf(stems: readonly string[], unknown = 0): string[] {
  const out: string[] = unknown > 0 ? [UNKNOWN_FEATURE] : [];
  for (let i = 0; i < stems.length; i++) {
    out.push(stems[i] ?? '');
    if (i > 0) out.push(`${stems[i - 1]} ${stems[i]}`);
  }
  return out;
}
