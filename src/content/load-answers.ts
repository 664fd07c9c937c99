// Loads dialogs/answers.yaml, the words typed answers are read with.
import { fileURLToPath } from 'node:url';
import { type AnswerWords, answersFileSchema } from '../core/answer-words.ts';
import { loadYamlFile } from './load-yaml.ts';

/** The answer words shipped with the bot. */
export const DEFAULT_ANSWERS_FILE = fileURLToPath(new URL('../../dialogs/answers.yaml', import.meta.url));

/** Loads and checks the answer words; throws ContentError naming file and line. */
export function loadAnswers(file = DEFAULT_ANSWERS_FILE): AnswerWords {
  return loadYamlFile(file, answersFileSchema).data;
}
