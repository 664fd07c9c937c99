// The triage engine: a pure transition (state, input, context) → (state, replies, events). No I/O, no clock.

import { type ActionData, type Card, isDataAction, type Reply } from './card.ts';
import { type ConversationState, initialState, isExpired } from './conversation-state.ts';
import {
  clarifyCard,
  eitherCard,
  followUpCard,
  followUpChoices,
  greetingCard,
  helpCard,
  outcomeCard,
  phrase,
  promptChoices,
  questionCard,
  reminderCard,
  stepsGiven,
  textReply,
  userCodeCard,
} from './engine-cards.ts';
import type { AnswerChoice, EngineContext } from './engine-context.ts';
import { handoffCard, handoffNews } from './engine-handoff.ts';
import { learned, nextAfterNotFixed, resolveTarget } from './engine-next.ts';
import { asksRestart, readText, vpnTypeNamed } from './engine-read.ts';
import type { EngineEvent, Input, Turn } from './engine-types.ts';
import { HUMAN } from './flow.ts';
import { formatCode } from './knowledge.ts';
import { parseCodeArg } from './parse-code.ts';
import { cleanEngineInput, HELP, REMIND_OFF, REMIND_ON } from './typed-commands.ts';

export type { EngineEvent, HandoffInput, Input, Turn } from './engine-types.ts';
export { cleanEngineInput, MAX_INPUT_CHARS } from './typed-commands.ts';

/** Typed words must explain this much of a message to withdraw a request for a person (a tap always can). */
const SURE_CANCEL = 0.5;
/** How many given steps a conversation remembers (the newest). */
const MAX_GIVEN = 40;
/** Commands that make sense while a person is on the case, so they don't leave it. */
const KEEPS_HANDOFF = new Set(['cancel_handoff', 'remind_on', 'remind_off', 'reminder_ok']);

/** Runs one turn. `prev` is never modified; an expired or missing state starts a fresh conversation. */
export function transition(prev: ConversationState | undefined, input: Input, ctx: EngineContext): Turn {
  const expired = prev !== undefined && isExpired(prev, ctx.now, ctx.ttlMs);
  let st: ConversationState = prev && !expired ? structuredClone(prev) : initialState(ctx.now);
  const replies: Reply[] = [];
  const events: EngineEvent[] = [];
  const { flow } = ctx;
  const [onlyType] = ctx.org.vpnTypes;
  if (ctx.org.vpnTypes.length === 1 && onlyType && !st.vpnType) st.vpnType = onlyType;

  const present = (card: Card) => {
    replies.push({ kind: 'card', card });
    st.offered = card.actions.filter(isDataAction).map((a) => a.data);
  };
  const say = (key: string, vars?: Record<string, string | number>): void => {
    replies.push(textReply(phrase(ctx, key, vars)));
  };
  /** Shows advice and remembers its steps as given. */
  const give = (card: Card) => {
    replies.push({ kind: 'card', card });
    const given = [...(st.given ?? []), ...stepsGiven(card).filter((k) => !st.given?.includes(k))];
    st.given = given.slice(-MAX_GIVEN);
  };
  const outcomeAt = () => (st.at?.startsWith('outcome:') ? flow.outcomes[st.at.slice(8)] : undefined);
  const currentChoices = (): AnswerChoice[] => {
    if (st.phase === 'asking' && st.at) return flow.nodes[st.at]?.choices ?? [];
    if (st.phase === 'outcome') return followUpChoices(outcomeAt(), ctx);
    return [];
  };
  const representCurrent = () => {
    const node = st.phase === 'asking' && st.at ? flow.nodes[st.at] : undefined;
    if (node && st.at) present(questionCard(st.at, node, st, ctx));
    else if (st.phase === 'outcome') present(followUpCard(outcomeAt(), st, ctx));
    else if (st.phase === 'handoff') {
      if (!st.agent) present(handoffCard(ctx));
    } else present(greetingCard(ctx));
  };
  const reask = (key: string) => {
    say(st.phase === 'asking' || st.phase === 'outcome' || st.phase === 'handoff' ? key : 'reask.idle');
    representCurrent();
  };

  const handoff = (reason: 'asked' | 'not_fixed' | 'dead_end') => {
    if (st.phase === 'handoff')
      return say(st.agent ? 'handoff.withAgent' : 'handoff.waiting', { agent: st.agent ?? '' });
    st = { ...st, phase: 'handoff', at: undefined, agent: undefined, turn: st.turn + 1 };
    present(handoffCard(ctx));
    events.push({ type: 'handoff', reason });
  };
  const cancelHandoff = () => {
    if (st.phase !== 'handoff') return stale();
    if (st.agent) return say('handoff.withAgent', { agent: st.agent });
    st = { ...st, phase: 'new', at: undefined, turn: st.turn + 1, offered: [] };
    events.push({ type: 'handoff_cancel' });
    say('handoff.cancelled');
  };
  const showOutcome = (name: string): void => {
    const outcome = flow.outcomes[name];
    if (!outcome) return handoff('dead_end');
    st = { ...st, phase: 'outcome', at: `outcome:${name}`, turn: st.turn + 1, shown: [...st.shown, name] };
    give(outcomeCard(outcome, st, ctx));
    present(followUpCard(outcome, st, ctx));
    events.push({ type: 'outcome', outcome: name });
  };
  const ask = (name: string): void => {
    const node = flow.nodes[name];
    if (!node) return handoff('dead_end');
    st = { ...st, phase: 'asking', at: name, turn: st.turn + 1 };
    present(questionCard(name, node, st, ctx));
  };
  const goTo = (wanted: string, reason: 'not_fixed' | 'dead_end'): void => {
    const target = wanted === HUMAN ? HUMAN : resolveTarget(wanted, st, ctx);
    if (target in flow.nodes) return ask(target);
    if (target in flow.outcomes) return showOutcome(target);
    handoff(reason);
  };
  /** A VPN type the user named in this turn ("GlobalProtect says 809"), kept even if the triage starts afresh. */
  let named: string | undefined;
  const start = () => {
    st = {
      ...initialState(ctx.now),
      turn: st.turn,
      vpnType: ctx.org.vpnTypes.length === 1 ? onlyType : named,
    };
    say('triage.intro');
    ask(flow.start);
  };
  const codeNode = () => Object.keys(flow.nodes).find((n) => flow.nodes[n]?.acceptsCode);

  const showCode = (code: number, entryId?: string, record = true): boolean => {
    const matches = ctx.lookup.byCode(code);
    const entry = matches.find((e) => e.id === entryId) ?? matches[0];
    if (!entry) return false;
    const key = `code:${entry.id}`;
    st = {
      ...st,
      phase: 'outcome',
      at: key,
      turn: st.turn + 1,
      codes: !record || st.codes.includes(code) ? st.codes : [...st.codes, code],
      shown: [...st.shown, key],
    };
    give(userCodeCard(entry, code, st, ctx));
    present(followUpCard(undefined, st, ctx));
    events.push({ type: 'outcome', outcome: key });
    return true;
  };

  const notFixed = () => {
    const next = nextAfterNotFixed(st, ctx);
    if (next === HUMAN) return handoff('not_fixed');
    say('followup.next');
    goTo(next, 'not_fixed');
  };

  /** Records the answer to the question being asked and what it tells us; returns where it leads. */
  const answer = (choiceId: string): string | undefined => {
    const node = st.at ? flow.nodes[st.at] : undefined;
    const choice = node?.choices.find((c) => c.id === choiceId);
    if (!node || !choice || !st.at) return undefined;
    st.answers = [...st.answers, { node: st.at, question: node.ask, choice: choice.id, label: choice.label }];
    const { vpnType, ...facts } = learned(choice);
    if (vpnType) st.vpnType = vpnType;
    if (Object.keys(facts).length) st.facts = { ...st.facts, ...facts };
    events.push({ type: 'answered', node: st.at, choice: choice.id });
    return choice.next;
  };

  const clarify = (ids: readonly string[]) => {
    const choices = currentChoices();
    const picks = ids.flatMap((id) => choices.filter((c) => c.id === id));
    events.push({ type: 'clarify', between: picks.map((c) => c.id) });
    present(clarifyCard(st.at ?? '', st.turn, picks, ctx));
  };

  const choose = (choiceId: string) => {
    if (st.phase === 'asking' && st.at) {
      const next = answer(choiceId);
      return next === undefined ? stale() : goTo(next, 'dead_end');
    }
    if (st.phase === 'outcome') {
      events.push({ type: 'answered', node: st.at ?? '', choice: choiceId });
      if (choiceId === 'fixed') {
        events.push({ type: 'resolved', outcome: st.at ?? '' });
        st = { ...st, phase: 'done', at: undefined, turn: st.turn + 1, offered: [] };
        return say('closed.text');
      }
      if (choiceId === 'not_fixed') return notFixed();
      if (choiceId === 'human') return handoff('asked');
      if (choiceId === 'restart') return start();
      if (choiceId === 'remind') return reminders(true);
      if (choiceId === 'no_thanks') return finishKindly('reminders.declined');
    }
    stale();
  };
  const finishKindly = (key: string) => {
    st = { ...st, phase: 'done', at: undefined, turn: st.turn + 1, offered: [] };
    say(key);
  };
  const reminders = (on: boolean) => {
    events.push({ type: 'reminders', on });
    if (st.phase === 'handoff') return say(on ? 'reminders.on' : 'reminders.off');
    finishKindly(on ? 'reminders.on' : 'reminders.off');
  };
  const stale = () => {
    events.push({ type: 'stale' });
    say('stale.text');
    representCurrent();
  };

  const onAction = (data: ActionData) => {
    if (data.type === 'command' && st.phase === 'handoff' && !KEEPS_HANDOFF.has(data.command)) {
      if (st.agent) return say('handoff.withAgent', { agent: st.agent });
      if (data.command === 'start' || data.command === 'restart') {
        cancelHandoff();
        return start();
      }
    }
    if (data.type === 'command') {
      if (data.command === 'start' || data.command === 'restart') return start();
      if (data.command === 'human') return handoff('asked');
      if (data.command === 'cancel_handoff') return cancelHandoff();
      if (data.command === 'remind_on') return reminders(true);
      if (data.command === 'remind_off') return reminders(false);
      if (data.command === 'reminder_ok') return finishKindly('reminders.thanks');
      if (data.command === 'help') return replies.push({ kind: 'card', card: helpCard(ctx) });
      if (data.command === 'lookup') {
        const node = codeNode();
        return node ? ask(node) : say('lookup.ask');
      }
      if (data.command === 'code' && data.arg) {
        const code = parseCodeArg(data.arg.split('-')[0] ?? '');
        if (code !== undefined && showCode(code)) return;
      }
      return stale();
    }
    if (data.node !== st.at || data.turn !== st.turn) return stale();
    choose(data.choice);
  };

  /** The user asked to start over: say so and begin the checks again. */
  const restart = () => {
    events.push({ type: 'restarted' });
    say('restart.text');
    start();
  };
  /** How the bot works, then the question the user is at, again. */
  const explain = () => {
    replies.push({ kind: 'card', card: helpCard(ctx) });
    representCurrent();
  };

  const onText = (raw: string) => {
    const text = cleanEngineInput(raw);
    const lower = text.toLowerCase().replace(/[.!]+$/, '');
    if (st.phase === 'handoff' && st.agent) {
      if (text) events.push({ type: 'relay', text });
      return;
    }
    if (!text) return reask('empty.text');
    if (asksRestart(text, ctx)) {
      if (st.phase === 'handoff') cancelHandoff();
      return restart();
    }
    if (REMIND_ON.test(lower)) return reminders(true);
    if (REMIND_OFF.test(lower)) return reminders(false);
    if (HELP.test(lower)) return explain();
    const picked = /^\d$/.test(lower) ? st.offered[Number(lower) - 1] : undefined;
    if (picked) return picked.type === 'choice' ? choose(picked.choice) : onAction(picked);
    if (st.phase === 'handoff') {
      const wants = ctx.readAnswer(text, promptChoices('handoff', ctx));
      const sure = wants.kind === 'choice' && wants.id === 'cancel' && wants.coverage >= SURE_CANCEL;
      if (sure && !/\?\s*$/.test(text)) return cancelHandoff();
      // Everything written while waiting goes to the case, so the person who picks it up reads it.
      events.push({ type: 'relay', text });
      const again = ctx.understand(text).intent === 'human';
      return say(again ? 'handoff.waiting' : 'handoff.noted');
    }

    named = st.vpnType ? undefined : vpnTypeNamed(text, ctx);
    if (named) st.vpnType = named;
    const reading = readText(text, currentChoices(), st, ctx);
    switch (reading.kind) {
      case 'restart':
        return restart();
      case 'help':
        return explain();
      case 'choice':
        if (reading.code === undefined) return choose(reading.id);
        answer(reading.id);
        if (showCode(reading.code)) return;
        return choose(reading.id);
      case 'code':
        if (reading.misread !== undefined) say('code.misread', { code: formatCode(reading.code) });
        if (showCode(reading.code)) return;
        return reask('reask.text');
      case 'either':
        return present(eitherCard(reading.codes, ctx));
      case 'unknown_code':
        say('code.unknownUser', { code: formatCode(reading.code) });
        return representCurrent();
      case 'pasted':
        // Pasted error text: the best matching entry, shown but not recorded as a code the user had.
        if (showCode(reading.code, reading.entryId, false)) return;
        return reask('reask.text');
      case 'clarify':
        return clarify(reading.ids);
      case 'intent':
        return onIntent(reading.intent);
      default:
        return reask('reask.text');
    }
  };

  const onIntent = (intent: string) => {
    if (intent === 'human') return handoff('asked');
    if (intent === 'greeting_help') {
      if (st.phase === 'new' || st.phase === 'done') return present(greetingCard(ctx));
      return explain();
    }
    if (intent === 'vpn_problem')
      return st.phase === 'asking' || st.phase === 'outcome' ? reask('reask.text') : start();
    if (intent === 'error_code') {
      const node = codeNode();
      return node ? ask(node) : say('lookup.ask');
    }
    if (intent === 'out_of_scope' && (st.phase === 'asking' || st.phase === 'outcome'))
      return reask('reask.text');
    if (intent === 'out_of_scope') {
      return say('outOfScope.text');
    }
    const topical = Object.keys(flow.outcomes).find((o) => flow.outcomes[o]?.topic === intent);
    if (topical) return showOutcome(topical);
    reask('reask.text');
  };

  if (input.kind === 'welcome') present(greetingCard(ctx, expired));
  else if (input.kind === 'reminder') present(reminderCard(ctx));
  else if (input.kind === 'handoff') {
    const next = handoffNews(st, input, ctx);
    st = next.state;
    replies.push(...next.replies);
  } else {
    if (expired && input.kind === 'text') replies.push(textReply(phrase(ctx, 'greet.again')));
    if (input.kind === 'action') onAction(input.data);
    else onText(input.text);
  }
  return { state: { ...st, updatedAt: ctx.now }, replies, events };
}
