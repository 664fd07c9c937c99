// Loads cards/phrases.yaml, the bot's own sentences.
import { fileURLToPath } from 'node:url';
import { type Phrases, phrasesFileSchema } from '../core/phrases.ts';
import { loadYamlFile } from './load-yaml.ts';

/** The phrases file shipped with the bot. */
export const DEFAULT_PHRASES_FILE = fileURLToPath(new URL('../../cards/phrases.yaml', import.meta.url));

/** Loads and checks the phrases file; throws ContentError naming file and line. */
export function loadPhrases(file = DEFAULT_PHRASES_FILE): Phrases {
  return loadYamlFile(file, phrasesFileSchema).data.phrases;
}
