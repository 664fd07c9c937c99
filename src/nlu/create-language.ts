// Everything the engine needs to understand people, built once from the content: intents and codes, and answers
// read against the question being asked.
import type { AnswerWords } from '../core/answer-words.ts';
import type { EngineContext } from '../core/engine-context.ts';
import type { Flow } from '../core/flow.ts';
import type { Entry } from '../core/knowledge.ts';
import { createNlu, NLU_CONFIDENCE_THRESHOLD, type Nlu } from './create-nlu.ts';
import { knownCodesOf } from './known-codes.ts';
import { createAnswerReader } from './read-answer.ts';

/** The language parts of an engine context. */
export type Language = Pick<EngineContext, 'understand' | 'readAnswer' | 'answers' | 'minConfidence'> & {
  nlu: Nlu;
};

/** Builds the NLU and the answer reader for this content (training happens here, once). */
export function createLanguage(content: {
  entries: readonly Entry[];
  flow: Flow;
  answers: AnswerWords;
}): Language {
  const nlu = createNlu({ knownCodes: knownCodesOf(content.entries) });
  const vocabulary = Object.values(content.flow.nodes).flatMap((node) =>
    node.choices.flatMap((c) => [c.label, ...c.says]),
  );
  const readAnswer = createAnswerReader(content.answers, vocabulary);
  return {
    nlu,
    understand: (text) => nlu.classify(text),
    readAnswer,
    answers: content.answers,
    minConfidence: NLU_CONFIDENCE_THRESHOLD,
  };
}
