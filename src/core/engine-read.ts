// How the engine reads typed text at a question: first as an answer to that question, then as a code or pasted
// error text, then as a request that works anywhere, then as a new problem; unsure means asking, not guessing.
import type { ConversationState } from './conversation-state.ts';
import type { AnswerChoice, EngineContext } from './engine-context.ts';

/** What a typed message amounts to at this point of the conversation. */
export type TextReading =
  | { kind: 'choice'; id: string; code?: number }
  | { kind: 'code'; code: number }
  | { kind: 'unknown_code'; code: number }
  | { kind: 'pasted'; entryId: string; code: number }
  | { kind: 'clarify'; ids: [string, string] }
  | { kind: 'intent'; intent: string }
  | { kind: 'reask' };

/** Intents that are conversation, not a pasted error message, even when long. */
const CONVERSATIONAL = new Set(['human', 'greeting_help', 'vpn_problem']);
/** Below this share of its words explained, an answer gives way to a clear request elsewhere in the text. */
const THIN_ANSWER = 0.5;
/** How sure the NLU must be of a request before it outweighs a thinly supported answer. */
const CLEAR_REQUEST = 0.6;
/** Answers to the question win over these intents; others ("talk to a person") win over a thin answer. */
const NOT_A_REQUEST = new Set(['vpn_problem', 'out_of_scope', 'error_code', 'greeting_help']);

/** Reads `text` at the state's current question or prompt, whose typed-answer choices are `choices`. */
export function readText(
  text: string,
  choices: readonly AnswerChoice[],
  st: ConversationState,
  ctx: EngineContext,
): TextReading {
  const heard = ctx.understand(text);
  const answer = choices.length ? ctx.readAnswer(text, choices) : ({ kind: 'none' } as const);
  const known = heard.codes.find((c) => ctx.lookup.byCode(c).length > 0);
  const request =
    heard.confidence >= CLEAR_REQUEST && !NOT_A_REQUEST.has(heard.intent) ? heard.intent : undefined;
  const newCode = known !== undefined && !st.codes.includes(known) ? known : undefined;

  const pasted = () => {
    const atCodeQuestion = st.phase === 'asking' && st.at && ctx.flow.nodes[st.at]?.acceptsCode;
    if (!atCodeQuestion || text.split(' ').length < 5 || CONVERSATIONAL.has(heard.intent)) return undefined;
    const [entry] = ctx.lookup.lookup(text).matches;
    const first = entry?.ranges[0];
    return entry && first ? ({ kind: 'pasted', entryId: entry.id, code: first.from } as const) : undefined;
  };
  const thin = answer.kind === 'choice' && answer.coverage < THIN_ANSWER;
  if (known === undefined && (thin || answer.kind !== 'choice')) {
    const dialog = pasted();
    if (dialog) return dialog;
  }
  if (answer.kind === 'choice' && (!thin || request === undefined)) {
    if (st.phase === 'asking') return { kind: 'choice', id: answer.id, code: known };
    return newCode !== undefined ? { kind: 'code', code: newCode } : { kind: 'choice', id: answer.id };
  }
  if (known !== undefined) return { kind: 'code', code: known };
  const [unknown] = heard.codes;
  if (unknown !== undefined) return { kind: 'unknown_code', code: unknown };
  if (request) return { kind: 'intent', intent: request };
  if (answer.kind === 'between') return { kind: 'clarify', ids: answer.ids };

  if (heard.confidence < ctx.minConfidence) return { kind: 'reask' };
  return { kind: 'intent', intent: heard.intent };
}
