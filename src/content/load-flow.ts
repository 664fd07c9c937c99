// Loads dialogs/triage.yaml and checks it as a graph, naming file and line for every problem.
import { fileURLToPath } from 'node:url';
import { type Flow, flowFileSchema } from '../core/flow.ts';
import { checkFlow } from '../core/flow-check.ts';
import { ContentError, loadYamlFile } from './load-yaml.ts';

/** The triage flow shipped with the bot. */
export const DEFAULT_FLOW_FILE = fileURLToPath(new URL('../../dialogs/triage.yaml', import.meta.url));

/** Loads the flow; throws ContentError when the schema or the graph check fails. */
export function loadFlow(file = DEFAULT_FLOW_FILE): Flow {
  const loaded = loadYamlFile(file, flowFileSchema);
  const problems = checkFlow(loaded.data);
  if (problems.length) {
    throw new ContentError(
      problems.map((p) => ({ file: loaded.file, line: loaded.lineOf(p.path), message: p.message })),
    );
  }
  return loaded.data;
}
