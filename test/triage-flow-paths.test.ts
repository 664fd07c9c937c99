// Walks every choice of every question in the shipped flow and every outcome's follow-up, as a user tapping.
import { describe, expect, it } from 'vitest';
import { loadFlow } from '../src/content/load-flow.ts';
import { HUMAN } from '../src/core/flow.ts';
import { Conversation } from './helpers/conversation.ts';

const flow = loadFlow();

/** Labels to tap from the start to reach each node (shortest path). */
function routes(): Map<string, string[]> {
  const found = new Map<string, string[]>([[flow.start, []]]);
  const queue = [flow.start];
  while (queue.length) {
    const name = queue.shift() as string;
    for (const choice of flow.nodes[name]?.choices ?? []) {
      if (choice.next in flow.nodes && !found.has(choice.next)) {
        found.set(choice.next, [...(found.get(name) ?? []), choice.label]);
        queue.push(choice.next);
      }
    }
  }
  return found;
}
const toNode = routes();
const expectedAfter = (target: string): string =>
  target === HUMAN
    ? 'Getting you a person'
    : (flow.nodes[target]?.ask ?? flow.outcomes[target]?.title ?? target);

const walk = (taps: string[]) => {
  const c = new Conversation();
  c.say("my vpn won't connect");
  for (const label of taps) c.tap(label);
  return c;
};

const everyChoice = Object.entries(flow.nodes).flatMap(([name, node]) =>
  node.choices.map((choice) => [name, choice.label, choice.next] as const),
);

describe('every choice of every question leads where the flow says', () => {
  it.each(everyChoice)('at %s, tapping "%s" → %s', (node, label, next) => {
    const route = toNode.get(node);
    expect(route, `no route to ${node}`).toBeDefined();
    const c = walk(route ?? []);
    expect(c.state?.at).toBe(node);
    expect(c.tap(label)).toContain(expectedAfter(next).split('{')[0]);
  });
});

const outcomes = Object.entries(flow.outcomes)
  .filter(([, o]) => !o.offerReminders)
  .map(([name, o]) => [name, o.askFixed, o.ifNotFixed] as const);
const reminderOutcomes = Object.keys(flow.outcomes).filter((name) => flow.outcomes[name]?.offerReminders);
const reachOutcome = (name: string): Conversation => {
  for (const [node, route] of toNode) {
    const choice = flow.nodes[node]?.choices.find((c) => c.next === name);
    if (choice) return walk([...route, choice.label]);
  }
  const c = new Conversation();
  c.say(
    {
      security_software: 'i think my antivirus is blocking the vpn',
      already_connected: 'it says another vpn connection is already active',
      connection_drops: 'the vpn keeps disconnecting every few minutes',
      travel_prep: "i'm travelling next week, how do i test the vpn before i go",
    }[name] ?? name,
  );
  return c;
};

describe('every outcome ends with "did this fix it?" and each answer goes somewhere sensible', () => {
  it.each(outcomes)('%s', (name, askFixed, ifNotFixed) => {
    const c = reachOutcome(name);
    expect(c.state?.at, c.heard()).toBe(`outcome:${name}`);
    expect(c.heard()).toContain(flow.outcomes[name]?.title);
    if (!askFixed) {
      // An honest question, not a promise: nobody is fetched until the user says yes.
      expect(c.heard()).toContain('Want a person to look at this with you?');
      expect(c.heard()).not.toContain('Getting you a person');
      expect(c.events.some((e) => e.type === 'handoff')).toBe(false);
      expect(c.buttons()).toEqual(['Yes, get me a person', 'Start over']);
      const yes = reachOutcome(name);
      expect(yes.tap('Yes, get me a person')).toContain('Getting you a person');
      expect(yes.events).toContainEqual({ type: 'handoff', reason: 'asked' });
      expect(reachOutcome(name).tap('Start over')).toContain(flow.nodes[flow.start]?.ask);
      return;
    }
    expect(c.buttons()).toEqual(['Yes, fixed', 'No, still broken', 'Talk to a person']);

    const fixed = reachOutcome(name);
    expect(fixed.tap('Yes, fixed')).toMatch(/glad/i);
    expect(fixed.events).toContainEqual({ type: 'resolved', outcome: `outcome:${name}` });

    const person = reachOutcome(name);
    expect(person.tap('Talk to a person')).toContain('Getting you a person');
    expect(person.events).toContainEqual({ type: 'handoff', reason: 'asked' });

    const broken = reachOutcome(name);
    const after = broken.tap('No, still broken');
    if (ifNotFixed === HUMAN) expect(after).toContain('Getting you a person');
    else expect(after).toMatch(/next thing|Getting you a person/);
  });
});

describe('advice that offers the monthly reminder instead of "did this fix it?"', () => {
  it.each(reminderOutcomes)('%s: yes subscribes, no thanks ends kindly, a person is one tap away', (name) => {
    const c = reachOutcome(name);
    expect(c.buttons()).toEqual(['Remind me monthly', 'No thanks', 'Talk to a person']);
    expect(c.tap('Remind me monthly')).toMatch(/Once a month/);
    expect(c.events).toContainEqual({ type: 'reminders', on: true });
    expect(reachOutcome(name).tap('No thanks')).toMatch(/No problem/);
    expect(reachOutcome(name).tap('Talk to a person')).toContain('Getting you a person');
  });
});
