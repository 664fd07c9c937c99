// The agent console names a tapped button by its label: the flow's choices, in the context of the question asked.
import { describe, expect, it } from 'vitest';
import { tapReader } from '../src/channels/console/tap-labels.ts';
import { loadFlow } from '../src/content/load-flow.ts';
import type { Flow } from '../src/core/flow.ts';
import type { CaseLine } from '../src/core/handoff-case.ts';

const phrases = { 'followup.notFixed': 'No, still broken', 'followup.human': 'Talk to a person' };
let seq = 0;
const line = (from: CaseLine['from'], text: string): CaseLine => ({ seq: ++seq, at: 0, from, text });

describe('tapReader', () => {
  it("names the shipped flow's choices and the engine's own buttons", () => {
    const read = tapReader(loadFlow(), phrases);
    const shown = read([
      line('bot', "Does the VPN connect if you use your phone's hotspot instead?"),
      line('user', '[tapped fails_there]'),
      line('bot', 'Did this fix it?'),
      line('user', '[tapped not_fixed]'),
      line('user', '[tapped human]'),
      line('user', 'I typed [tapped fails_there] myself'),
      line('user', '[tapped no_such_button]'),
    ]);
    expect(shown.map((l) => [l.text, l.tapped ?? false])).toEqual([
      ["Does the VPN connect if you use your phone's hotspot instead?", false],
      ['No, fails there too', true],
      ['Did this fix it?', false],
      ['No, still broken', true],
      ['Talk to a person', true],
      ['I typed [tapped fails_there] myself', false],
      ['[tapped no_such_button]', false],
    ]);
  });

  it('when two questions share a choice id, the question the bot had just asked decides', () => {
    const base = loadFlow();
    const choice = (label: string) => ({
      id: 'other',
      label,
      says: [],
      output: [],
      learn: {},
      next: 'vpn_type',
    });
    const flow: Flow = {
      ...base,
      nodes: {
        ...base.nodes,
        a: {
          ask: 'Which {vpnTypeName} app?',
          skipWhenOneType: false,
          acceptsCode: false,
          choices: [choice('Another app')],
        },
        b: {
          ask: 'Which network?',
          skipWhenOneType: false,
          acceptsCode: false,
          choices: [choice('Another network')],
        },
      },
    };
    const read = tapReader(flow, {});
    const texts = read([
      line('bot', 'Which network?'),
      line('user', '[tapped other]'),
      line('bot', 'Which SSTP app?'),
      line('user', '[tapped other]'),
    ]).map((l) => l.text);
    expect(texts).toEqual(['Which network?', 'Another network', 'Which SSTP app?', 'Another app']);
  });
});
