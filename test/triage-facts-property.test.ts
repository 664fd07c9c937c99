// Walks every path of the triage (every answer tapped, then "No, still broken" until a person takes over) with the
// facts the conversation records, and checks that no reply contradicts one of them.
import { describe, expect, it } from 'vitest';
import { isDataAction, type Reply } from '../src/core/card.ts';
import type { ConversationState } from '../src/core/conversation-state.ts';
import { transition } from '../src/core/engine.ts';
import { engineContext, readReply } from './helpers/conversation.ts';

const ctx = engineContext();

/** Advice a fact rules out, written here independently of dialogs/facts.yaml. */
const CONTRADICTIONS: [fact: string, values: string[], step: RegExp][] = [
  ['hotspot', ['failed', 'unavailable'], /hotspot|another network|different network/i],
  ['client', ['current'], /\b(install|reinstall)\b.*\bvpn app\b|\blatest version\b/i],
  ['server', ['answers'], /\bping\b/i],
  ['signin', ['other'], /caps lock/i],
  ['history', ['worked'], /\bask for (vpn )?access\b|\brequest access\b/i],
  ['internet', ['works'], /\broom number\b|\bterms page\b/i],
];

const stepsOf = (replies: Reply[]) =>
  replies
    .flatMap((r) => (r.kind === 'card' ? r.card.blocks : []))
    .flatMap((b) => (b.kind === 'steps' ? b.items : []));

interface Problem {
  path: string[];
  problem: string;
}

function walk(first: string, problems: Problem[]): number {
  let turns = 0;
  const visit = (state: ConversationState, replies: Reply[], path: string[], depth: number) => {
    const buttons = replies.flatMap((r) => (r.kind === 'card' ? r.card.actions : [])).filter(isDataAction);
    const taps =
      state.phase === 'asking'
        ? buttons.filter(
            (b) => b.data.type === 'choice' && !/^(IKEv2|L2TP\/IPsec|PPTP|SSL VPN app)$/.test(b.label),
          )
        : state.phase === 'outcome'
          ? buttons.filter((b) => b.data.type === 'choice' && b.data.choice === 'not_fixed')
          : [];
    if (depth > 30) return;
    for (const button of taps) {
      const turn = transition(state, { kind: 'action', data: button.data }, ctx);
      turns++;
      const here = [...path, button.label];
      const facts = { ...turn.state.facts };
      const heard = turn.replies.map(readReply).join(' || ');
      const fail = (problem: string) => problems.push({ path: here, problem: `${problem}: ${heard}` });
      for (const [fact, values, pattern] of CONTRADICTIONS) {
        const known = facts[fact];
        if (known && values.includes(known))
          for (const step of stepsOf(turn.replies))
            if (pattern.test(step)) fail(`${fact}=${known} but "${step}"`);
      }
      if (/didn't get that|out of date/.test(heard)) fail('not understood');
      const asked = turn.state.phase === 'asking' ? turn.state.at : undefined;
      if (asked && state.answers.some((a) => a.node === asked)) fail(`asked "${asked}" again`);
      if (asked && ctx.flow.nodes[asked]?.acceptsCode && turn.state.codes.length)
        fail('asked for a code it has');
      if (new Set(turn.state.shown).size !== turn.state.shown.length) fail('showed a card twice');
      visit(turn.state, turn.replies, here, depth + 1);
    }
  };
  const start = transition(undefined, { kind: 'text', text: first }, ctx);
  visit(start.state, start.replies, [first], 0);
  return turns;
}

describe('no reply contradicts a recorded fact, on every path of the flow', () => {
  it.each(['my vpn is broken', 'error 809', 'error 691', 'error 868', 'error 800', 'error 13801'])(
    'starting with %j',
    (first) => {
      const problems: Problem[] = [];
      const turns = walk(first, problems);
      expect(turns).toBeGreaterThan(first.startsWith('error') ? 1 : 200);
      expect(problems.slice(0, 5)).toEqual([]);
    },
  );
});
