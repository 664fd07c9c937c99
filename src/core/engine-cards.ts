// Builds the engine's cards: questions, outcomes, the "did this fix it?" follow-up, greeting and help.

import { PROMPTS, type Prompt, type PromptChoice } from './answer-words.ts';
import type { Action, ActionData, Block, Card, Reply } from './card.ts';
import { codeCard } from './code-card.ts';
import type { ConversationState } from './conversation-state.ts';
import type { AnswerChoice, EngineContext } from './engine-context.ts';
import { factsOf } from './engine-next.ts';
import type { FlowNode, FlowOutcome } from './flow.ts';
import { type Entry, formatCode } from './knowledge.ts';
import { fillPlaceholders, forAnswering } from './org-facts.ts';
import { NUMBER_VARIANT, say } from './phrases.ts';
import { fitSteps, stepKey } from './step-rules.ts';

/**
 * Fills config placeholders and the VPN type the user picked ({ports}, {vpnTypeName}). No type picked, or "I don't
 * know", leaves them unknown: a text with an `otherwise` sentence says that; a plain one the `unknown` type's words.
 */
export function fillText(text: string, state: ConversationState, ctx: EngineContext): string {
  const picked = state.vpnType === 'unknown' ? undefined : ctx.flow.vpnTypes[state.vpnType ?? ''];
  const general = ctx.flow.vpnTypes.unknown;
  return fillPlaceholders(forAnswering(text, ctx.answering), ctx.org, 'prose', {
    ports: { value: picked?.ports, unset: general?.ports ?? 'the ports your VPN needs' },
    vpnTypeName: { value: picked?.name, unset: general?.name ?? 'your VPN' },
  });
}

/**
 * A phrase from cards/phrases.yaml with config placeholders filled. Where the user answers by typing a choice's
 * number (SMS, the terminal), a `<key>.number` phrase, when there is one, is said instead of `<key>`.
 */
export function phrase(
  ctx: Pick<EngineContext, 'phrases' | 'org' | 'answering'>,
  key: string,
  vars: Record<string, string | number> = {},
): string {
  const variant = ctx.answering === 'number' ? `${key}${NUMBER_VARIANT}` : undefined;
  const chosen = variant && Object.hasOwn(ctx.phrases, variant) ? variant : key;
  return fillPlaceholders(say(ctx.phrases, chosen, vars), ctx.org);
}

/** A one-block text card, for short messages that still want a tone. */
export function textReply(text: string): Reply {
  return { kind: 'text', text };
}

const PROMPT_LABELS: Record<Prompt, Record<string, string>> = {
  followup: { fixed: 'followup.fixed', not_fixed: 'followup.notFixed', human: 'followup.human' },
  reminders: { remind: 'reminders.offer', no_thanks: 'reminders.noThanks', human: 'followup.human' },
  no_code: { human: 'nocode.human', restart: 'followup.restart' },
  handoff: { cancel: 'handoff.cancel' },
};

/** The phrase each of the engine's command buttons is labelled with, by command. */
export const COMMAND_LABELS: Readonly<Record<string, string>> = {
  start: 'greet.start',
  lookup: 'greet.lookup',
  reminder_ok: 'reminders.works',
  remind_off: 'reminders.stop',
  cancel_handoff: 'handoff.cancel',
};

/** The phrase key of one of the engine's own buttons (a prompt's answer or a command), by the id a press records. */
export function ownButtonPhrase(id: string): string | undefined {
  if (id in COMMAND_LABELS) return COMMAND_LABELS[id];
  for (const labels of Object.values(PROMPT_LABELS)) if (labels[id]) return labels[id];
  return undefined;
}

/** The answers to one of the engine's own questions, labelled from phrases and recognised by dialogs/answers.yaml. */
export function promptChoices(
  prompt: Prompt,
  ctx: Pick<EngineContext, 'phrases' | 'org' | 'answers' | 'answering'>,
): AnswerChoice[] {
  return PROMPTS[prompt].map((id) => {
    const words = (ctx.answers.prompts[prompt] as Record<string, PromptChoice | undefined>)[id];
    return {
      id,
      label: PROMPT_LABELS[prompt][id] ? phrase(ctx, PROMPT_LABELS[prompt][id] ?? '') : '',
      says: words?.says ?? [],
      means: words?.means,
    };
  });
}

/** The follow-up choices after an outcome, keyed so typed answers can match them. */
export function followUpChoices(outcome: FlowOutcome | undefined, ctx: EngineContext): AnswerChoice[] {
  if (outcome?.offerReminders) return promptChoices('reminders', ctx);
  if (outcome && !outcome.askFixed) return promptChoices('no_code', ctx);
  return promptChoices('followup', ctx);
}

const choiceActions = (at: string, turn: number, choices: readonly AnswerChoice[]): Action[] =>
  choices.map((c, i) => ({
    label: c.label,
    data: { type: 'choice', node: at, choice: c.id, turn } satisfies ActionData,
    style: i === 0 ? 'primary' : 'default',
  }));

/** A question card whose buttons carry the state's turn, so stale presses can be told apart. */
export function questionCard(
  name: string,
  node: FlowNode,
  state: ConversationState,
  ctx: EngineContext,
): Card {
  const blocks: Block[] = [];
  if (node.help) blocks.push({ kind: 'text', text: fillText(node.help, state, ctx), muted: true });
  const ask = fillText(node.ask, state, ctx);
  return {
    title: ask,
    tone: 'info',
    blocks,
    actions: choiceActions(name, state.turn, node.choices),
    summary: ask,
  };
}

/** The follow-up question card for the outcome the state is at. */
export function followUpCard(
  outcome: FlowOutcome | undefined,
  state: ConversationState,
  ctx: EngineContext,
): Card {
  const ask = outcome?.offerReminders
    ? phrase(ctx, 'reminders.ask')
    : outcome && !outcome.askFixed
      ? phrase(ctx, 'nocode.ask')
      : phrase(ctx, 'followup.ask');
  return {
    title: ask,
    blocks: [],
    actions: choiceActions(state.at ?? '', state.turn, followUpChoices(outcome, ctx)),
    summary: ask,
  };
}

/** A card whose steps are fitted to what the conversation knows: none a fact rules out, none given before, the likeliest first. */
export function fitCard(card: Card, state: ConversationState, ctx: EngineContext): Card {
  const facts = factsOf(state);
  const blocks = card.blocks.flatMap((b): Block[] => {
    if (b.kind !== 'steps') return [b];
    const items = fitSteps(b.items, facts, state.given ?? [], ctx.stepRules);
    return items.length ? [{ ...b, items }] : [];
  });
  return { ...card, blocks };
}

/** The keys of the steps a card gives, to remember as given. */
export function stepsGiven(card: Card): string[] {
  return card.blocks.flatMap((b) => (b.kind === 'steps' ? b.items.map(stepKey) : []));
}

/** An advice card from the flow, fitted to the facts. */
export function outcomeCard(outcome: FlowOutcome, state: ConversationState, ctx: EngineContext): Card {
  const blocks: Block[] = [{ kind: 'text', text: fillText(outcome.text, state, ctx) }];
  if (outcome.steps.length)
    blocks.push({ kind: 'steps', items: outcome.steps.map((s) => fillText(s, state, ctx)) });
  const title = fillText(outcome.title, state, ctx);
  return fitCard({ title, tone: outcome.tone, blocks, actions: [], summary: title }, state, ctx);
}

/** The card that explains an error code to the stranded user, its steps fitted to the facts. */
export function userCodeCard(entry: Entry, code: number, state: ConversationState, ctx: EngineContext): Card {
  return fitCard(codeCard(entry, { org: ctx.org, phrases: ctx.phrases }, 'user', code), state, ctx);
}

/** The greeting: what the bot does, and the two ways in. */
export function greetingCard(ctx: EngineContext, again = false): Card {
  const text = phrase(ctx, 'greet.text');
  const blocks: Block[] = again ? [{ kind: 'text', text: phrase(ctx, 'greet.again'), muted: true }] : [];
  blocks.push({ kind: 'text', text });
  return {
    title: phrase(ctx, 'greet.title'),
    tone: 'info',
    blocks,
    actions: [
      {
        label: phrase(ctx, COMMAND_LABELS.start ?? ''),
        data: { type: 'command', command: 'start' },
        style: 'primary',
      },
      { label: phrase(ctx, COMMAND_LABELS.lookup ?? ''), data: { type: 'command', command: 'lookup' } },
    ],
    summary: text,
  };
}

/** How to talk to the bot. */
export function helpCard(ctx: EngineContext): Card {
  const text = phrase(ctx, 'help.text');
  return {
    title: phrase(ctx, 'help.title'),
    tone: 'info',
    blocks: [{ kind: 'text', text }],
    actions: [],
    summary: text,
  };
}

/** The monthly "test your VPN" reminder: one tap for "it works", one to start troubleshooting, one to stop them. */
export function reminderCard(ctx: EngineContext): Card {
  const text = phrase(ctx, 'reminders.text');
  return {
    title: phrase(ctx, 'reminders.title'),
    tone: 'info',
    blocks: [{ kind: 'text', text }],
    actions: [
      {
        label: phrase(ctx, COMMAND_LABELS.reminder_ok ?? ''),
        data: { type: 'command', command: 'reminder_ok' },
        style: 'primary',
      },
      { label: phrase(ctx, 'reminders.fails'), data: { type: 'command', command: 'start' } },
      {
        label: phrase(ctx, COMMAND_LABELS.remind_off ?? ''),
        data: { type: 'command', command: 'remind_off' },
      },
    ],
    summary: text,
  };
}

/** "Which did you mean?" with the two likeliest answers to the question the user is at, same turn as its card. */
export function clarifyCard(
  at: string,
  turn: number,
  picks: readonly AnswerChoice[],
  ctx: EngineContext,
): Card {
  const ask = phrase(ctx, 'clarify.ask');
  return { title: ask, tone: 'info', blocks: [], actions: choiceActions(at, turn, picks), summary: ask };
}

/** "Which error is it?" when the number and the words name different codes: one button for each. */
export function eitherCard(codes: readonly [number, number], ctx: EngineContext): Card {
  const [first, second] = codes.map(formatCode) as [string, string];
  const ask = phrase(ctx, 'code.either', { first, second });
  return {
    title: ask,
    tone: 'info',
    blocks: [],
    actions: codes.map((code) => {
      const entry = ctx.lookup.byCode(code)[0];
      return {
        label: phrase(ctx, 'lookup.open', { code: formatCode(code), title: entry?.title ?? '' }).slice(0, 75),
        data: { type: 'command', command: 'code', arg: String(code) } satisfies ActionData,
      };
    }),
    summary: ask,
  };
}
