// The NLU's own labelled training sentences, shipped in nlu/training.jsonl.
import { fileURLToPath } from 'node:url';
import { type LabelledExample, readLabelledFile } from './labelled-file.ts';

/** Where the shipped training file lives. */
export const TRAINING_FILE = fileURLToPath(new URL('../../nlu/training.jsonl', import.meta.url));

/** Where the shipped dev (evaluation) file lives; never used for training. */
export const DEV_FILE = fileURLToPath(new URL('../../nlu/dev.jsonl', import.meta.url));

/** The shipped training examples; throws LabelledFileError when the file is broken. */
export function loadTrainingSet(): LabelledExample[] {
  return readLabelledFile(TRAINING_FILE);
}
