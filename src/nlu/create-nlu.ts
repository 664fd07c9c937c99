// Free text → one DESIGN §5 intent with a confidence, plus the error codes found. (Placeholder: being replaced.)
import type { Understanding } from '../core/engine-context.ts';

/** Below this confidence the engine re-asks instead of guessing. */
export const NLU_CONFIDENCE_THRESHOLD = 0.5;

/** The NLU's options: the codes the knowledge base knows, so bare numbers can be told from codes. */
export interface NluOptions {
  knownCodes: ReadonlySet<number>;
}

/** A classifier over the fixed intent set. */
export interface Nlu {
  classify(text: string): Understanding;
}

/** Builds the NLU once (training happens here); `classify` is then pure and fast. */
export function createNlu(opts: NluOptions): Nlu {
  return {
    classify(text) {
      const codes = [...text.matchAll(/\b\d{3,5}\b/g)].map((m) => Number(m[0])).filter((c) => opts.knownCodes.has(c));
      if (codes.length) return { intent: 'error_code', confidence: 1, codes };
      if (/person|human|agent/i.test(text)) return { intent: 'human', confidence: 0.9, codes: [] };
      if (/vpn/i.test(text)) return { intent: 'vpn_problem', confidence: 0.6, codes: [] };
      return { intent: 'out_of_scope', confidence: 0.3, codes: [] };
    },
  };
}
