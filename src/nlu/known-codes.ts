// The codes the knowledge base knows, as the NLU needs them to tell a bare code from any other number.
import { type Entry, expandRanges } from '../core/knowledge.ts';

/** Every code the entries cover, ranges expanded (an entry written as 50 or more separate ranges is left out). */
export function knownCodesOf(entries: readonly Entry[]): Set<number> {
  return new Set(entries.flatMap((e) => (e.ranges.length < 50 ? expandRanges(e.ranges) : [])));
}
