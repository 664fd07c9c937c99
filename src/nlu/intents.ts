// The fixed set of intent labels of docs/architecture.md §5.1: the triage topics plus the conversational ones.
import { TOPICS } from '../core/knowledge.ts';

/** Every label the NLU can return, in docs/architecture.md §5.1 order. */
export const INTENTS = [
  'vpn_problem',
  'error_code',
  ...TOPICS,
  'human',
  'travel_prep',
  'greeting_help',
  'out_of_scope',
] as const;

/** One docs/architecture.md §5.1 intent label. */
export type Intent = (typeof INTENTS)[number];

const LABELS: ReadonlySet<string> = new Set(INTENTS);

/** True when `label` is one of the 15 docs/architecture.md §5.1 intents. */
export function isIntent(label: string): label is Intent {
  return LABELS.has(label);
}
