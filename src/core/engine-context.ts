// What the engine needs from outside, passed in on every turn: content, config, the NLU, and the time.
import type { AnswerWords } from './answer-words.ts';
import type { CodeLookup } from './code-lookup.ts';
import type { Flow, Meaning } from './flow.ts';
import type { OrgFacts } from './org-facts.ts';
import type { Phrases } from './phrases.ts';
import type { StepRules } from './step-rules.ts';

/** How a user picks an answer: tapping a button, or typing its number where choices are numbered text. */
export type Answering = 'tap' | 'number';

/** What the NLU says about a message: one intent label (docs/architecture.md §5.1), how sure it is, and any codes found. */
export interface Understanding {
  intent: string;
  confidence: number;
  codes: number[];
}

/** What a typed answer can pick: a choice's label, its phrases, the pasted output it stands for, its everyday meaning. */
export interface AnswerChoice {
  id: string;
  label: string;
  says: readonly string[];
  output?: readonly string[];
  means?: Meaning;
}

/** How a typed answer reads against a question: one choice (and how much of the text that explains), two likely ones, or none. */
export type AnswerReading =
  | { kind: 'choice'; id: string; coverage: number }
  | { kind: 'between'; ids: [string, string] }
  | { kind: 'none' };

/** Everything a turn depends on besides the state and the input; the engine reads nothing else. */
export interface EngineContext {
  now: number;
  flow: Flow;
  lookup: CodeLookup;
  understand(text: string): Understanding;
  /** Reads a typed answer against the choices of the question being asked. */
  readAnswer(text: string, choices: readonly AnswerChoice[]): AnswerReading;
  /** The words of the engine's own follow-up questions (dialogs/answers.yaml). */
  answers: AnswerWords;
  /** Which advice steps known facts rule out or put first (dialogs/facts.yaml). */
  stepRules: StepRules;
  org: OrgFacts;
  phrases: Phrases;
  ttlMs: number;
  /**
   * Whether the help desk is open now; if not, when it next opens in its own time zone (`opensWords`, "Monday at
   * 9:00"), that zone's name (`zone`, "Tokyo") and, where the channel tells the user's clock, the same moment on it
   * (`yours`, "Sunday at 8:00 pm"). Unknown = assume open.
   */
  desk?: { open: boolean; opensWords?: string; zone: string; yours?: string };
  /**
   * How the user picks an answer on this turn's channel: tapping buttons (web, Teams, Slack) or typing a choice's
   * number (SMS, the terminal). Picks the words of phrases and texts written both ways; unknown = tap.
   */
  answering?: Answering;
  /** Below this NLU confidence the engine asks again instead of guessing. */
  minConfidence: number;
}
