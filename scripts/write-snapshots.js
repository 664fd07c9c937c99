// Works out ahead, with the compiled code in `<dist>`, what a start would otherwise compute: the intent model trained on
// nlu/training.jsonl (<dist>/nlu/intent-model.json) and the shipped content checked (<dist>/content/content-snapshot.bin).
// Each is kept with the key of what it came from, and a start uses it only while that key still matches.
// Usage: node scripts/write-snapshots.js <dist folder>
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

const { contentFilesIn, contentKeyOf, loadContent } = await load('content/load-content.js');
const { writeContentSnapshot } = await load('content/content-snapshot.js');
const files = contentFilesIn(root);
const key = contentKeyOf(files);
if (!key) throw new Error(`the content files are not all in ${root} (knowledge/, dialogs/, cards/)`);
writeContentSnapshot(join(dist, 'content', 'content-snapshot.bin'), key, loadContent(files));
