// Where the triage goes next, given what the conversation already knows: questions whose answer is known are
// passed over, advice already shown or ruled out by a fact is never shown again, and "not fixed" moves on.
import type { ConversationState } from './conversation-state.ts';
import type { EngineContext } from './engine-context.ts';
import { type Flow, type FlowChoice, HUMAN } from './flow.ts';

/** What the conversation has learned, as facts (the VPN type included), for fitting advice and choosing what's next. */
export function factsOf(st: ConversationState): Record<string, string> {
  const facts: Record<string, string> = { ...st.facts };
  if (st.vpnType) facts.vpnType = st.vpnType;
  return facts;
}

/** The facts an answer records. */
export function learned(choice: FlowChoice): Record<string, string> {
  return choice.set ? { ...choice.learn, vpnType: choice.set } : choice.learn;
}

/** True when a known fact rules the outcome out. */
export function ruledOut(flow: Flow, outcome: string, facts: Record<string, string>): boolean {
  const skip = flow.outcomes[outcome]?.skipIf ?? {};
  return Object.entries(skip).some(([fact, values]) => {
    const known = facts[fact];
    return known !== undefined && values.includes(known);
  });
}

/** The choice that known facts already give for a question (the VPN type set in config, or told earlier), if any. */
export function knownChoice(name: string, st: ConversationState, ctx: EngineContext): FlowChoice | undefined {
  const node = ctx.flow.nodes[name];
  if (!node) return undefined;
  const [onlyType] = ctx.org.vpnTypes;
  if (node.skipWhenOneType && ctx.org.vpnTypes.length === 1 && onlyType)
    return node.choices.find((c) => c.set === onlyType) ?? node.choices.find((c) => c.set === 'unknown');
  const facts = factsOf(st);
  const telling = node.choices.filter((c) => Object.keys(learned(c)).length > 0);
  if (!telling.length) return undefined;
  return telling.find((c) => Object.entries(learned(c)).every(([k, v]) => facts[k] === v));
}

/** True when a question needs no asking: it was answered, its answer is known, or it asks for a code we have. */
export function settled(name: string, st: ConversationState, ctx: EngineContext): boolean {
  const node = ctx.flow.nodes[name];
  if (!node) return true;
  if (st.answers.some((a) => a.node === name)) return true;
  if (node.acceptsCode && st.codes.length > 0) return true;
  return knownChoice(name, st, ctx) !== undefined;
}

/**
 * The first place from `target` on that is still worth going to: a node not yet settled or an outcome neither
 * shown nor ruled out. A settled node gives way to the next unsettled node in flow order, a passed-over outcome
 * to its own "not fixed" target; `human` when nothing is left.
 */
export function resolveTarget(target: string, st: ConversationState, ctx: EngineContext): string {
  const { flow } = ctx;
  const order = Object.keys(flow.nodes);
  const facts = factsOf(st);
  const seen = new Set<string>();
  let at = target;
  while (at !== HUMAN && !seen.has(at)) {
    seen.add(at);
    const outcome = flow.outcomes[at];
    if (outcome) {
      if (!st.shown.includes(at) && !ruledOut(flow, at, facts)) return at;
      at = outcome.ifNotFixed;
      continue;
    }
    if (!(at in flow.nodes)) return HUMAN;
    const known = knownChoice(at, st, ctx);
    if (known && !st.answers.some((a) => a.node === at)) {
      at = known.next;
      continue;
    }
    if (!settled(at, st, ctx)) return at;
    at = order.slice(order.indexOf(at) + 1).find((n) => !settled(n, st, ctx)) ?? HUMAN;
  }
  return HUMAN;
}

/** Where "No, still broken" leads from the card the user is on: the next most likely cause, or a person. */
export function nextAfterNotFixed(st: ConversationState, ctx: EngineContext): string {
  const { flow } = ctx;
  let next: string = HUMAN;
  if (st.at?.startsWith('outcome:')) next = flow.outcomes[st.at.slice(8)]?.ifNotFixed ?? HUMAN;
  else if (st.at?.startsWith('code:')) {
    const entry = ctx.lookup.entries.find((e) => `code:${e.id}` === st.at);
    next = Object.keys(flow.outcomes).find((o) => flow.outcomes[o]?.topic === entry?.topic) ?? flow.start;
  }
  return next === HUMAN ? HUMAN : resolveTarget(next, st, ctx);
}
