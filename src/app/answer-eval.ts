// Scores how the engine reads answers typed at each question: each labelled line is sent, through the real
// transition, to a conversation standing at that question, and what the engine then did is compared.
import type { Reply } from '../core/card.ts';
import { type ConversationState, initialState } from '../core/conversation-state.ts';
import { transition } from '../core/engine.ts';
import type { EngineContext } from '../core/engine-context.ts';
import { say } from '../core/phrases.ts';
import type { LabelledAnswer } from '../nlu/answer-file.ts';

/** The engine's own questions and the outcome a conversation stands at while asking them. */
const PROMPT_AT: Record<string, string> = {
  followup: 'outcome:credentials_fix',
  reminders: 'outcome:travel_prep',
  no_code: 'outcome:no_code',
};

/** Labels for what the engine did that is not picking an answer (a message left for the waiting person changes nothing). */
const NOT_UNDERSTOOD = new Set(['clarify', 'none', 'message']);

/** One line as the engine handled it. */
export interface AnswerResult {
  line: number;
  node: string;
  text: string;
  expected: string;
  got: string;
  correct: boolean;
}

/** Per question and overall: understood, asked back (clarify), not understood, and confidently wrong. */
export interface AnswerTally {
  n: number;
  correct: number;
  clarified: number;
  missed: number;
  wrong: number;
}

/** The whole report. */
export interface AnswerReport {
  overall: AnswerTally;
  perNode: Record<string, AnswerTally>;
  results: AnswerResult[];
}

/** Other names people give the engine's own questions in labelled files. */
const ALIASES: Record<string, string> = {
  follow_up: 'followup',
  fixed: 'followup',
  did_it_fix: 'followup',
  did_this_fix_it: 'followup',
  reminder: 'reminders',
  reminder_offer: 'reminders',
  waiting: 'handoff',
  queued: 'handoff',
};

/** The question a labelled line names, its alias resolved. */
export function questionOf(node: string): string {
  return ALIASES[node] ?? node;
}

/** A conversation standing at `node`: a flow question, "did this fix it?", the reminder offer, the no-code card or a queued handoff. */
export function stateAt(name: string, ctx: EngineContext): ConversationState | undefined {
  const node = questionOf(name);
  const base = { ...initialState(ctx.now), turn: 7 };
  if (node in ctx.flow.nodes) return { ...base, phase: 'asking', at: node };
  if (node === 'handoff') return { ...base, phase: 'handoff' };
  const at = PROMPT_AT[node];
  return at ? { ...base, phase: 'outcome', at, shown: [at.slice(8)] } : undefined;
}

const isHelp = (replies: Reply[], ctx: EngineContext) =>
  replies.some((r) => r.kind === 'card' && r.card.title === say(ctx.phrases, 'help.title'));

/** What the engine did with one text at one question, as a label comparable with the labelled choice. */
export function engineAction(line: LabelledAnswer, ctx: EngineContext): { got: string; correct: boolean } {
  const state = stateAt(line.node, ctx);
  if (!state) return { got: `unknown node ${line.node}`, correct: false };
  const node = questionOf(line.node);
  const turn = transition(state, { kind: 'text', text: line.text }, ctx);
  const ev = turn.events;
  const shownCode = ev.find((e) => e.type === 'outcome' && e.outcome.startsWith('code:'));
  const answered = ev.find((e) => e.type === 'answered');
  const topical = ev.find((e) => e.type === 'outcome' && !e.outcome.startsWith('code:'));
  let got = 'none';
  if (ev.some((e) => e.type === 'restarted')) got = 'restart';
  else if (ev.some((e) => e.type === 'handoff_cancel')) got = 'cancel';
  else if (ev.some((e) => e.type === 'reminders' && e.on)) got = 'remind';
  else if (shownCode?.type === 'outcome') {
    const entry = ctx.lookup.entries.find((e) => `code:${e.id}` === shownCode.outcome);
    const recorded = turn.state.codes.filter((c) => !state.codes.includes(c));
    const codes = recorded.length ? recorded : (entry?.ranges.map((r) => r.from) ?? []);
    const matches = line.codes.some(
      (c) => codes.includes(c) || entry?.ranges.some((r) => r.from <= c && c <= r.to),
    );
    got = recorded.length ? 'code' : 'pasted_text';
    if ((line.choice === 'code' || line.choice === 'pasted_text') && matches)
      return { got: line.choice, correct: true };
  } else if (answered?.type === 'answered') got = answered.choice;
  else if (ev.some((e) => e.type === 'handoff' && e.reason === 'asked')) got = 'human';
  else if (isHelp(turn.replies, ctx)) got = 'help';
  else if (topical?.type === 'outcome') {
    const topic = ctx.flow.outcomes[topical.outcome]?.topic;
    got = `new_problem:${topic ?? topical.outcome}`;
  } else if (ev.some((e) => e.type === 'clarify')) got = 'clarify';
  else if (node === 'handoff' && turn.state.phase === 'handoff') got = 'message';
  const expected = line.choice === 'new_problem' ? `new_problem:${line.intent}` : line.choice;
  return { got, correct: got === expected };
}

const empty = (): AnswerTally => ({ n: 0, correct: 0, clarified: 0, missed: 0, wrong: 0 });

/** Runs every labelled answer through the engine and tallies the results per question. */
export function evaluateAnswers(lines: readonly LabelledAnswer[], ctx: EngineContext): AnswerReport {
  const overall = empty();
  const perNode: Record<string, AnswerTally> = {};
  const results: AnswerResult[] = [];
  for (const line of lines) {
    const { got, correct } = engineAction(line, ctx);
    const node = perNode[questionOf(line.node)] ?? empty();
    perNode[questionOf(line.node)] = node;
    for (const t of [overall, node]) {
      t.n++;
      if (correct) t.correct++;
      else if (got === 'clarify') t.clarified++;
      else if (NOT_UNDERSTOOD.has(got)) t.missed++;
      else t.wrong++;
    }
    results.push({
      line: line.line,
      node: questionOf(line.node),
      text: line.text,
      expected: line.choice,
      got,
      correct,
    });
  }
  return { overall, perNode, results };
}

/** The questions a labelled answers file may name (flow questions, the engine's prompts and their aliases). */
export function questionNames(ctx: EngineContext): string[] {
  return [...Object.keys(ctx.flow.nodes), ...Object.keys(PROMPT_AT), 'handoff', ...Object.keys(ALIASES)];
}
