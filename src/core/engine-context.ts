// What the engine needs from outside, passed in on every turn: content, config, the NLU, and the time.
import type { CodeLookup } from './code-lookup.ts';
import type { Flow } from './flow.ts';
import type { OrgFacts } from './org-facts.ts';
import type { Phrases } from './phrases.ts';

/** What the NLU says about a message: one intent label (DESIGN §5), how sure it is, and any codes found. */
export interface Understanding {
  intent: string;
  confidence: number;
  codes: number[];
}

/** Everything a turn depends on besides the state and the input; the engine reads nothing else. */
export interface EngineContext {
  now: number;
  flow: Flow;
  lookup: CodeLookup;
  understand(text: string): Understanding;
  org: OrgFacts;
  phrases: Phrases;
  ttlMs: number;
  /** Whether the help desk is open now, and when it next opens; unknown = assume open. */
  desk?: { open: boolean; opensWords?: string };
  /** Below this NLU confidence the engine asks again instead of guessing. */
  minConfidence: number;
}
