import { describe, expect, it } from 'vitest';
import { loadFlow } from '../src/content/load-flow.ts';
import type { Flow } from '../src/core/flow.ts';
import { checkFlow } from '../src/core/flow-check.ts';

const shipped = loadFlow();
const variant = (change: (f: Flow) => void): Flow => {
  const copy = structuredClone(shipped);
  change(copy);
  return copy;
};

describe('the triage flow as a graph', () => {
  it('the shipped flow has no problems', () => {
    expect(checkFlow(shipped)).toEqual([]);
  });

  it('asks the basics first, in the seed order', () => {
    const order = Object.keys(shipped.nodes);
    expect(shipped.start).toBe('internet');
    expect(order).toEqual([
      'internet',
      'vpn_type',
      'network',
      'access',
      'server_name',
      'client',
      'credentials',
      'error_code',
    ]);
  });

  it.each<[string, (f: Flow) => void, RegExp]>([
    [
      'a choice pointing at a missing node',
      (f) => {
        const choice = f.nodes.internet?.choices[0];
        if (choice) choice.next = 'nowhere';
      },
      /"nowhere" is not a node or outcome/,
    ],
    [
      'an unreachable node',
      (f) => {
        f.nodes.orphan = {
          ask: 'Lonely?',
          skipWhenOneType: false,
          acceptsCode: false,
          choices: [{ id: 'a', label: 'A', says: [], output: [], learn: {}, next: 'no_internet' }],
        };
      },
      /"orphan" can never be reached/,
    ],
    [
      'a loop with no way out',
      (f) => {
        f.nodes.loop_a = {
          ask: 'A?',
          skipWhenOneType: false,
          acceptsCode: false,
          choices: [{ id: 'x', label: 'X', says: [], output: [], learn: {}, next: 'loop_b' }],
        };
        f.nodes.loop_b = {
          ask: 'B?',
          skipWhenOneType: false,
          acceptsCode: false,
          choices: [{ id: 'y', label: 'Y', says: [], output: [], learn: {}, next: 'loop_a' }],
        };
        const choice = f.nodes.internet?.choices[0];
        if (choice) choice.next = 'loop_a';
      },
      /no path from "loop_a" ends in an outcome/,
    ],
    [
      'a missing start node',
      (f) => {
        f.start = 'missing';
      },
      /start node "missing" does not exist/,
    ],
    [
      'an outcome whose not-fixed target is missing',
      (f) => {
        const o = f.outcomes.no_internet;
        if (o) o.ifNotFixed = 'gone';
      },
      /"gone" is not a node or outcome/,
    ],
  ])('reports %s', (_name, change, message) => {
    const problems = checkFlow(variant(change));
    expect(problems.map((p) => p.message).join('\n')).toMatch(message);
  });
});
