// Loads knowledge/error-codes.yaml into entries, checking the schema and that no two entries claim the same code.
import { fileURLToPath } from 'node:url';
import {
  type Entry,
  formatCode,
  formatRange,
  knowledgeFileSchema,
  parseCodeText,
} from '../core/knowledge.ts';
import { ContentError, type ContentProblem, loadYamlFile } from './load-yaml.ts';

/** The knowledge file shipped with the bot. */
export const DEFAULT_KNOWLEDGE_FILE = fileURLToPath(
  new URL('../../knowledge/error-codes.yaml', import.meta.url),
);

/** Loads and checks the knowledge file; throws ContentError naming file and line for every problem. */
export function loadKnowledge(file = DEFAULT_KNOWLEDGE_FILE): Entry[] {
  const loaded = loadYamlFile(file, knowledgeFileSchema);
  const problems: ContentProblem[] = [];
  const entries = loaded.data.entries.map((source, index): Entry => {
    const { codes, ...rest } = source;
    const ranges = codes.map(parseCodeText);
    ranges.forEach((r, i) => {
      if (r.to < r.from || r.from < 0 || r.to > 0xffffffff) {
        problems.push({
          file: loaded.file,
          line: loaded.lineOf(['entries', index, 'codes', i]),
          message: 'bad code range',
        });
      }
    });
    return {
      ...rest,
      id: ranges.map((r) => (r.from === r.to ? formatCode(r.from) : `${r.from}-${r.to}`)).join(','),
      ranges,
    };
  });

  const single = new Map<number, number>();
  entries.forEach((entry, index) => {
    for (const r of entry.ranges) {
      if (r.from !== r.to) continue;
      const other = single.get(r.from);
      if (other !== undefined) {
        problems.push({
          file: loaded.file,
          line: loaded.lineOf(['entries', index, 'codes']),
          message: `code ${formatRange(r)} already has an entry (entries.${other})`,
        });
      }
      single.set(r.from, index);
    }
  });
  if (problems.length) throw new ContentError(problems);
  return entries;
}
