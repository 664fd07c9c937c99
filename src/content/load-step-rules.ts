// Loads dialogs/facts.yaml: which advice steps known facts rule out or move first, with file:line errors.
import { fileURLToPath } from 'node:url';
import { type StepRules, stepRulesFileSchema } from '../core/step-rules.ts';
import { loadYamlFile } from './load-yaml.ts';

/** The step rules shipped with the bot. */
export const DEFAULT_STEP_RULES_FILE = fileURLToPath(new URL('../../dialogs/facts.yaml', import.meta.url));

/** Loads the step rules; throws ContentError naming file and line for unknown facts or values and bad regular expressions. */
export function loadStepRules(file = DEFAULT_STEP_RULES_FILE): StepRules {
  return loadYamlFile(file, stepRulesFileSchema).data.rules;
}
