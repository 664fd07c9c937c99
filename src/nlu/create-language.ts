// Everything the engine needs to understand people, built once from the content: intents and codes, and answers
// read against the question being asked.
import { fileURLToPath } from 'node:url';
import { type AnswerWords, PROMPTS, type Prompt } from '../core/answer-words.ts';
import { promptChoices } from '../core/engine-cards.ts';
import type { EngineContext } from '../core/engine-context.ts';
import type { Flow } from '../core/flow.ts';
import type { Entry } from '../core/knowledge.ts';
import type { Phrases } from '../core/phrases.ts';
import { type LabelledAnswer, parseAnswerJsonl } from './answer-file.ts';
import { createNlu, NLU_CONFIDENCE_THRESHOLD, type Nlu } from './create-nlu.ts';
import { knownCodesOf } from './known-codes.ts';
import { readTextFile } from './labelled-file.ts';
import { fileSnapshot, type ModelSnapshot } from './model-snapshot.ts';
import { type AnswerTraining, createAnswerReader } from './read-answer.ts';

/** The labelled answers typed at each question that the answer models learn from (the dev split is never used). */
export const ANSWERS_TRAINING_FILE = fileURLToPath(new URL('../../nlu/answers-train.jsonl', import.meta.url));

/**
 * The intent model trained at build time (`npm run build` writes it next to the compiled code); running from the
 * TypeScript sources there is none, and the model is trained at start-up.
 */
export const INTENT_MODEL_SNAPSHOT = new URL('./intent-model.json', import.meta.url);

/** What the language parts are built from. */
export interface LanguageContent {
  entries: readonly Entry[];
  flow: Flow;
  answers: AnswerWords;
  phrases: Phrases;
}

/** One training group per question: the flow's questions and the engine's own prompts. */
function trainingGroups(content: LanguageContent, lines: readonly LabelledAnswer[]): AnswerTraining[] {
  const at = (node: string) => lines.filter((l) => l.node === node);
  const labels = { phrases: content.phrases, answers: content.answers, org: { vpnTypes: [] } };
  return [
    ...Object.entries(content.flow.nodes).map(([name, node]) => ({
      choices: node.choices,
      examples: at(name),
    })),
    ...(Object.keys(PROMPTS) as Prompt[]).map((prompt) => ({
      choices: promptChoices(prompt, labels),
      examples: at(prompt),
    })),
  ];
}

/** The language parts of an engine context. */
export type Language = Pick<EngineContext, 'understand' | 'readAnswer' | 'answers' | 'minConfidence'> & {
  nlu: Nlu;
};

/** Builds the NLU and the answer reader for this content (training happens here, once). */
export function createLanguage(
  content: LanguageContent,
  answersFile: string | undefined = ANSWERS_TRAINING_FILE,
  snapshot: ModelSnapshot = fileSnapshot(INTENT_MODEL_SNAPSHOT),
): Language {
  const nlu = createNlu({ knownCodes: knownCodesOf(content.entries), snapshot });
  const vocabulary = Object.values(content.flow.nodes).flatMap((node) =>
    node.choices.flatMap((c) => [c.label, ...c.says]),
  );
  const lines = answersFile ? parseAnswerJsonl(readTextFile(answersFile), answersFile) : [];
  const readAnswer = createAnswerReader(content.answers, vocabulary, trainingGroups(content, lines));
  return {
    nlu,
    understand: (text) => nlu.classify(text),
    readAnswer,
    answers: content.answers,
    minConfidence: NLU_CONFIDENCE_THRESHOLD,
  };
}
