// How the engine reads typed text at a question: first as an answer to that question, then as a code or pasted
// error text, then as a request that works anywhere, then as a new problem; unsure means asking, not guessing.
import type { ConversationState } from './conversation-state.ts';
import type { AnswerChoice, EngineContext } from './engine-context.ts';
import { readCodes } from './read-codes.ts';

/** What a typed message amounts to at this point of the conversation. */
export type TextReading =
  | { kind: 'restart' }
  | { kind: 'help' }
  | { kind: 'choice'; id: string; code?: number }
  | { kind: 'code'; code: number; misread?: number }
  | { kind: 'unknown_code'; code: number }
  | { kind: 'pasted'; entryId: string; code: number }
  | { kind: 'either'; codes: [number, number] }
  | { kind: 'clarify'; ids: [string, string] }
  | { kind: 'intent'; intent: string }
  | { kind: 'reask' };

/** Below this share of its words explained, an answer gives way to a clear request elsewhere in the text. */
const THIN_ANSWER = 0.5;
/** How sure the NLU must be of a request before it outweighs a thinly supported answer. */
const CLEAR_REQUEST = 0.6;
/** Requests that outweigh a thinly supported answer; other intents are new problems, weighed after the answer. */
const REQUESTS = new Set(['human']);
/** How much of a text "start over" or "what do you mean?" must explain to be taken as that. */
const COMMAND_COVERAGE = 0.5;
/** Where one clause of a message ends and the next begins. */
const CLAUSE = /[.,;!?]+|\bbut\b/i;
/** How much of one clause "start over" must be to restart from inside a longer message. */
const WHOLE_CLAUSE = 0.67;
/** An answer explaining at most this share of a text gives way to a new problem the NLU is sure of. */
const BARE_ANSWER = 0.34;
/** Requests that also set aside a barely supported answer when the NLU is sure of them. */
const OVERRIDING = new Set(['human', 'greeting_help']);
/** How sure the NLU must be of a new problem to set aside a barely supported answer. */
const SURE_PROBLEM = 0.8;

/** A question about the question ("what do you mean by user name?"). */
const ASKING = /\?\s*$|^\s*(what|how|which|where|why|huh|explain)\b|\bwhat (you|do you|does)\b/i;

const topicIntent = (intent: string, ctx: EngineContext) =>
  Object.values(ctx.flow.outcomes).some((o) => o.topic === intent);

const commandChoices = (ctx: EngineContext): AnswerChoice[] => [
  { id: 'restart', label: '', says: ctx.answers.commands.restart },
  { id: 'help', label: '', says: ctx.answers.commands.help },
];

/**
 * True when the user asks to start over: the whole message says so ("start over", "can we start from scratch"),
 * or one clause of it is nothing else ("oops, I tapped the wrong thing, can we start over").
 */
export function asksRestart(text: string, ctx: EngineContext): boolean {
  const says = (part: string, enough: number) => {
    const read = ctx.readAnswer(part, commandChoices(ctx));
    return read.kind === 'choice' && read.id === 'restart' && read.coverage >= enough;
  };
  if (says(text, COMMAND_COVERAGE)) return true;
  const clauses = text.split(CLAUSE).filter((c) => c.trim());
  return clauses.length > 1 && clauses.some((clause) => says(clause, WHOLE_CLAUSE));
}

/** Reads `text` at the state's current question or prompt, whose typed-answer choices are `choices`. */
export function readText(
  text: string,
  choices: readonly AnswerChoice[],
  st: ConversationState,
  ctx: EngineContext,
): TextReading {
  const command = ctx.readAnswer(text, commandChoices(ctx));
  if (asksRestart(text, ctx)) return { kind: 'restart' };
  const heard = ctx.understand(text);
  const answer = choices.length ? ctx.readAnswer(text, choices) : ({ kind: 'none' } as const);
  const codes = readCodes(text, ctx.lookup);
  const known = codes.kind === 'codes' ? codes.codes[0] : undefined;
  const misread = codes.kind === 'codes' ? codes.misread : undefined;
  const request = heard.confidence >= CLEAR_REQUEST && REQUESTS.has(heard.intent) ? heard.intent : undefined;
  const newCode = known !== undefined && !st.codes.includes(known) ? known : undefined;
  // "The hotel page wants my room number" at "is the internet working?" names the very cause one answer leads to.
  const node = st.phase === 'asking' && st.at ? ctx.flow.nodes[st.at] : undefined;
  const leadsTo = (intent: string) =>
    node?.choices.filter((c) => ctx.flow.outcomes[c.next]?.topic === intent).map((c) => c.id) ?? [];
  const topical = heard.confidence >= ctx.minConfidence ? leadsTo(heard.intent) : [];

  if (codes.kind === 'either')
    return { kind: 'either', codes: [codes.options[0].code, codes.options[1].code] };
  // Pasted dialog text with no number: at the code question any quote of a dialog, elsewhere only a clear one
  // where the words answer nothing.
  const pasted = () => {
    if (codes.kind !== 'text') return undefined;
    const atCodeQuestion = st.phase === 'asking' && st.at && ctx.flow.nodes[st.at]?.acceptsCode;
    if (!atCodeQuestion && !(codes.confident && answer.kind === 'none')) return undefined;
    const first = codes.entry.ranges[0];
    return first ? ({ kind: 'pasted', entryId: codes.entry.id, code: first.from } as const) : undefined;
  };
  const thin = answer.kind === 'choice' && answer.coverage < THIN_ANSWER;
  if (known === undefined && topical.length && answer.kind !== 'choice') {
    const [only, other] = topical;
    if (answer.kind === 'between') {
      const agreed = answer.ids.filter((id) => topical.includes(id));
      if (agreed.length === 1 && agreed[0]) return { kind: 'choice', id: agreed[0] };
    }
    if (only && other === undefined) return { kind: 'choice', id: only };
    if (only && other) return { kind: 'clarify', ids: [only, other] };
  }
  if (known === undefined && (thin || answer.kind !== 'choice')) {
    const dialog = pasted();
    if (dialog) return dialog;
  }
  const asksAbout =
    known === undefined && command.kind === 'choice' && command.id === 'help' && ASKING.test(text);
  if (asksAbout && !(answer.kind === 'choice' && answer.coverage > command.coverage))
    return request && !/^\s*what\b/i.test(text) ? { kind: 'intent', intent: request } : { kind: 'help' };
  const elsewhere =
    heard.confidence >= SURE_PROBLEM &&
    (topicIntent(heard.intent, ctx) || OVERRIDING.has(heard.intent)) &&
    !topical.length;
  if (answer.kind === 'choice' && answer.coverage <= BARE_ANSWER && known === undefined && elsewhere)
    return { kind: 'intent', intent: heard.intent };
  if (answer.kind === 'choice' && (!thin || request === undefined)) {
    if (st.phase === 'asking') return { kind: 'choice', id: answer.id, code: known };
    return newCode !== undefined ? { kind: 'code', code: newCode } : { kind: 'choice', id: answer.id };
  }
  if (known !== undefined) return { kind: 'code', code: known, misread };
  if (codes.kind === 'unknown') return { kind: 'unknown_code', code: codes.code };
  if (request) return { kind: 'intent', intent: request };

  if (answer.kind === 'between') return { kind: 'clarify', ids: answer.ids };

  if (heard.confidence < ctx.minConfidence) return { kind: 'reask' };
  return { kind: 'intent', intent: heard.intent };
}

/** The VPN type a text names by one of its `names` ("AnyConnect", "IKEv2"), if exactly one. */
export function vpnTypeNamed(text: string, ctx: EngineContext): string | undefined {
  const types = Object.entries(ctx.flow.vpnTypes)
    .filter(([, t]) => t.names.length)
    .map(([id, t]) => ({ id, label: '', says: t.names }));
  const reading = ctx.readAnswer(text, types);
  return reading.kind === 'choice' ? reading.id : undefined;
}
