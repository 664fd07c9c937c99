// Trains the intent model with the compiled code in `<dist>` on nlu/training.jsonl and writes <dist>/nlu/intent-model.json,
// which the bot loads instead of training at start-up while its key (a hash of the training) still matches.
// Usage: node scripts/write-model-snapshot.js <dist folder>
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const dist = process.argv[2] ?? join(root, 'dist');
const load = (path) => import(pathToFileURL(join(dist, path)).href);

const { createNlu } = await load('nlu/create-nlu.js');
const { readLabelledFile } = await load('nlu/labelled-file.js');
const { writeModelSnapshot } = await load('nlu/model-snapshot.js');
const nlu = createNlu({
  knownCodes: new Set(),
  training: readLabelledFile(join(root, 'nlu', 'training.jsonl')),
});
writeModelSnapshot(join(dist, 'nlu', 'intent-model.json'), nlu.trained.key, nlu.trained.model);
