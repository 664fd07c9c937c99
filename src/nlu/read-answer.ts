// Reads a typed answer at a question: the weighed words of its choices, checked by a small model per question
// that learned from labelled answers how people really put them; unsure or disagreeing means "ask between two".
import type { AnswerWords } from '../core/answer-words.ts';
import type { AnswerChoice, AnswerReading } from '../core/engine-context.ts';
import { createAnswerEvidence } from './answer-evidence.ts';
import { type IntentModel, trainIntentModel } from './intent-model.ts';

/** Reads `text` as one of `choices`, as a question between two of them, or as none. */
export type AnswerReader = (text: string, choices: readonly AnswerChoice[]) => AnswerReading;

/** Labelled answers for one question: its choices and what people typed for each. */
export interface AnswerTraining {
  choices: readonly AnswerChoice[];
  examples: readonly { text: string; choice: string }[];
}

/** The model must be this sure to overrule the words, or to answer where the words found nothing. */
const MODEL_OVERRULES = 0.8;
const MODEL_ALONE = 0.7;
/** Between two answers the words could not tell apart, the model decides when it is this sure. */
const MODEL_BREAKS_TIE = 0.7;
/** Below this the model's favourite is not worth asking about. */
const MODEL_SUGGESTS = 0.6;
/** How much of a text an answer found only by the model is taken to explain. */
const MODEL_COVERAGE = 0.3;

/** How many of a text's features the model must know before its guess counts. */
const MODEL_EVIDENCE = 2;

const OPPOSITE: Record<string, string> = { yes: 'no', no: 'yes' };
const meansOf = (choices: readonly AnswerChoice[], id: string) =>
  choices.find((c) => c.id === id)?.means ?? '';

const signature = (choices: readonly AnswerChoice[]) => choices.map((c) => c.id).join('|');

/** Builds the reader; one model per question is trained from `training` (its choices' own words included) on first use. */
export function createAnswerReader(
  words: AnswerWords,
  vocabulary: readonly string[],
  training: readonly AnswerTraining[] = [],
): AnswerReader {
  const weigh = createAnswerEvidence(words, vocabulary);
  // Each question's model is trained the first time that question is read, so start-up stays fast.
  const groups = new Map(training.map((t) => [signature(t.choices), t]));
  const models = new Map<string, IntentModel | undefined>();
  const modelFor = (choices: readonly AnswerChoice[]): IntentModel | undefined => {
    const key = signature(choices);
    if (models.has(key)) return models.get(key);
    const group = groups.get(key);
    const ids = new Set(group?.choices.map((c) => c.id));
    const rows = group
      ? [
          ...group.examples.filter((e) => ids.has(e.choice)),
          ...group.choices.flatMap((c) => [c.label, ...c.says].map((text) => ({ text, choice: c.id }))),
        ]
      : [];
    const model =
      group && ids.size >= 2
        ? trainIntentModel(
            rows.map((r) => ({ features: weigh(r.text, group.choices, true).features, label: r.choice })),
          )
        : undefined;
    models.set(key, model);
    return model;
  };

  return (text, choices) => {
    const model = modelFor(choices);
    const { scores, coverage, features } = weigh(text, choices, model !== undefined);
    const ranked = [...scores].filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]);
    const [top, second] = ranked;
    const guess = model?.predict(features);
    const sure = (p: number) =>
      guess !== undefined && guess.knownFeatures >= MODEL_EVIDENCE && guess.probability >= p;

    const contradicted =
      top &&
      second &&
      OPPOSITE[meansOf(choices, top[0])] === meansOf(choices, second[0]) &&
      top[1] < 3 * second[1];
    if (top && (!second || top[1] >= 2 * second[1]) && !contradicted) {
      if (guess && guess.label !== top[0] && sure(MODEL_OVERRULES))
        return { kind: 'between', ids: [top[0], guess.label] };
      return { kind: 'choice', id: top[0], coverage };
    }
    if (top && second) {
      if (guess && (guess.label === top[0] || guess.label === second[0]) && sure(MODEL_BREAKS_TIE))
        return { kind: 'choice', id: guess.label, coverage: Math.max(coverage, MODEL_COVERAGE) };
      return { kind: 'between', ids: [top[0], second[0]] };
    }
    if (guess && sure(MODEL_ALONE)) return { kind: 'choice', id: guess.label, coverage: MODEL_COVERAGE };
    if (guess && sure(MODEL_SUGGESTS) && guess.runnerUp)
      return { kind: 'between', ids: [guess.label, guess.runnerUp] };
    return { kind: 'none' };
  };
}
