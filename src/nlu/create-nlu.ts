// Free text → one docs/architecture.md §5.1 intent with a confidence, plus the error codes found; built on natural's pieces.
import type { Understanding } from '../core/engine-context.ts';
import { extractCodes } from '../core/find-codes.ts';
import { featuresOf } from './features.ts';
import { type IntentModelData, modelOf, trainIntentModel } from './intent-model.ts';
import type { LabelledExample } from './labelled-file.ts';
import { type ModelSnapshot, trainingKey } from './model-snapshot.ts';
import { normalize, STOP_WORDS, words } from './normalize.ts';
import { loadTrainingSet } from './training-set.ts';
import { createTypoFixer } from './typo-fix.ts';

/** Below this confidence the engine re-asks instead of guessing. */
export const NLU_CONFIDENCE_THRESHOLD = 0.4;

/** The codes the knowledge base knows (so bare numbers can be told from codes) and, for tests, other training data. */
export interface NluOptions {
  knownCodes: ReadonlySet<number>;
  training?: readonly LabelledExample[];
  /** A model trained before on the same examples, used instead of training again when its key matches. */
  snapshot?: ModelSnapshot;
}

/** Bumped whenever how the model is trained changes, so an older snapshot no longer matches. */
const TRAINING_VERSION = 1;

/** A classifier over the fixed intent set. */
export interface Nlu {
  classify(text: string): Understanding;
  /** The model in use and the key of its training, for writing a snapshot. */
  trained: { key: string; model: IntentModelData };
}

const nothing = (confidence: number): Understanding => ({ intent: 'out_of_scope', confidence, codes: [] });

/** The snapshot key of a model trained on `examples` the way createNlu trains. */
export function nluTrainingKey(examples: readonly LabelledExample[]): string {
  return trainingKey({ version: TRAINING_VERSION, examples: examples.map((e) => [e.text, e.intent]) });
}

/** Builds the NLU once (training happens here unless `snapshot` holds this training's model); `classify` is then pure and fast. */
export function createNlu(opts: NluOptions): Nlu {
  const examples = (opts.training ?? loadTrainingSet()).filter((e) => e.intent !== 'error_code');
  const counts = new Map<string, number>();
  for (const e of examples)
    for (const w of words(e.text)) if (!STOP_WORDS.has(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const known = new Set(counts.keys());
  const fixer = createTypoFixer(counts);
  const once = new Set([...counts].filter(([, n]) => n === 1).map(([w]) => w));
  const train = (): IntentModelData =>
    trainIntentModel(
      examples.map((e) => {
        const rare = words(e.text).filter((w) => once.has(w)).length;
        return { features: featuresOf(normalize(e.text, known).stems, rare), label: e.intent };
      }),
    ).data;
  const key = nluTrainingKey(examples);
  const data = opts.snapshot?.load(key) ?? train();
  const model = modelOf(data);

  return {
    trained: { key, model: data },
    classify(text) {
      const codes = extractCodes(text, opts.knownCodes);
      if (codes.length) return { intent: 'error_code', confidence: 1, codes };
      const { stems, unknown } = normalize(text, known, fixer);
      if (!stems.length) return nothing(0);
      const p = model.predict(featuresOf(stems, unknown));
      if (p.knownFeatures === 0) return nothing(0.2);
      const coverage = (stems.length - unknown) / stems.length;
      return { intent: p.label, confidence: p.probability * (0.5 + 0.5 * coverage), codes: [] };
    },
  };
}
