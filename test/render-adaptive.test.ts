import { describe, expect, it } from 'vitest';
import type { ActionData, Card } from '../src/core/card.ts';
import {
  readSubmitData,
  renderAdaptiveCard,
  renderAdaptiveReply,
  SUBMIT_KEY,
} from '../src/render/adaptive-card.ts';
import { ZWSP } from '../src/render/escape.ts';
import { validateAdaptiveCard } from './helpers/validate-adaptive.ts';

type Json = Record<string, unknown>;

const yes: ActionData = { type: 'choice', node: 'internet', choice: 'loads', turn: 3 };
const lookup: ActionData = { type: 'command', command: 'code', arg: '721' };

const everyKind: Card = {
  title: 'Error 721: the server did not answer',
  tone: 'warning',
  summary: 'Error 721: the server did not answer',
  blocks: [
    { kind: 'text', text: 'Your laptop reached out, but the VPN server never replied.' },
    { kind: 'text', text: 'Covers 721', muted: true },
    { kind: 'text', text: 'Try this first', emphasis: true },
    { kind: 'steps', title: 'What you can do now', items: ['Switch to your phone hotspot.', 'Try again.'] },
    { kind: 'bullets', title: 'Likely causes', items: ['A firewall blocks GRE', 'Wrong server name'] },
    {
      kind: 'facts',
      items: [
        { label: 'Who can fix it', value: 'Your IT team' },
        { label: 'VPN type', value: 'PPTP' },
      ],
    },
    { kind: 'code', text: 'Test-NetConnection vpn.example.com -Port 1723\n  indented line' },
  ],
  actions: [
    { label: 'It loads', data: yes, style: 'primary' },
    { label: 'Look up 721', data: lookup },
    { label: 'Cancel the case', data: { type: 'command', command: 'close' }, style: 'destructive' },
    { label: 'Open the portal', url: 'https://portal.example.com/vpn' },
  ],
};

const textCard = (text: string): Card => ({ summary: 'x', blocks: [{ kind: 'text', text }], actions: [] });
const bodyOf = (json: Json) => json.body as Json[];
const actionsOf = (json: Json) => (json.actions ?? []) as Json[];
/** Everything a person would read on the card, joined. */
const allText = (json: unknown): string => JSON.stringify(json);

describe('renderAdaptiveCard', () => {
  it('renders a card with every block kind that the adaptivecards SDK accepts without a single problem', () => {
    const json = renderAdaptiveCard(everyKind);
    expect(validateAdaptiveCard(json)).toEqual([]);
    expect(json).toMatchObject({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      msteams: { width: 'Full' },
    });
  });

  it.each([
    ['the title', (b: Json[]) => b[0], { type: 'Container', style: 'warning' }],
    [
      'the title text',
      (b: Json[]) => (b[0]?.items as Json[] | undefined)?.[0],
      { weight: 'Bolder', size: 'Medium', wrap: true },
    ],
    ['a muted text', (b: Json[]) => b[2], { text: 'Covers 721', isSubtle: true }],
    ['an emphasised text', (b: Json[]) => b[3], { text: 'Try this first', weight: 'Bolder' }],
    ['the first step', (b: Json[]) => b[5], { text: '**1.** Switch to your phone hotspot.' }],
    ['the second step', (b: Json[]) => b[6], { text: '**2.** Try again.' }],
    ['a bullet', (b: Json[]) => b[8], { text: '• A firewall blocks GRE' }],
    [
      'the facts',
      (b: Json[]) => b[10],
      { type: 'FactSet', facts: [{ title: 'Who can fix it', value: 'Your IT team' }, {}] },
    ],
    [
      'the code',
      (b: Json[]) => b[11],
      { type: 'Container', items: [{ fontType: 'Monospace' }, { spacing: 'None' }] },
    ],
  ])('shows %s phone-first', (_, pick, expected) => {
    expect(pick(bodyOf(renderAdaptiveCard(everyKind)))).toMatchObject(expected);
  });

  it('wraps every TextBlock', () => {
    const texts = allText(renderAdaptiveCard(everyKind)).match(/"type":"TextBlock"[^}]*/g) ?? [];
    expect(texts.length).toBeGreaterThan(8);
    for (const block of texts) expect(block).toContain('"wrap":true');
  });

  it.each([
    [
      'a primary data action',
      0,
      { type: 'Action.Submit', title: 'It loads', style: 'positive', data: { vpnbot: yes } },
    ],
    ['a plain data action', 1, { type: 'Action.Submit', title: 'Look up 721', data: { vpnbot: lookup } }],
    ['a destructive data action', 2, { type: 'Action.Submit', style: 'destructive' }],
    [
      'a link',
      3,
      { type: 'Action.OpenUrl', title: 'Open the portal', url: 'https://portal.example.com/vpn' },
    ],
  ])('renders %s as a button', (_, index, expected) => {
    expect(actionsOf(renderAdaptiveCard(everyKind))[index]).toEqual(expect.objectContaining(expected));
  });

  it('gives only the first primary action the positive style', () => {
    const card: Card = {
      ...everyKind,
      actions: [
        { label: 'A', data: yes, style: 'primary' },
        { label: 'B', data: lookup, style: 'primary' },
      ],
    };
    expect(actionsOf(renderAdaptiveCard(card)).map((a) => a.style)).toEqual(['positive', undefined]);
  });

  it.each([
    ['javascript:alert(1)'],
    ['data:text/html,<b>x</b>'],
    ['/relative/path'],
    ['file:///etc/passwd'],
    ['https://exa mple.com'],
  ])('drops a link action to %s', (url) => {
    const json = renderAdaptiveCard({ ...everyKind, actions: [{ label: 'Go', url }] });
    expect(json.actions).toBeUndefined();
    expect(validateAdaptiveCard(json)).toEqual([]);
  });

  it('moves more than six actions into action sets in the body, still valid', () => {
    const actions = Array.from({ length: 9 }, (_, i) => ({ label: `Code ${i}`, data: lookup }));
    const json = renderAdaptiveCard({ ...everyKind, actions });
    expect(json.actions).toBeUndefined();
    expect(bodyOf(json).filter((b) => b.type === 'ActionSet')).toHaveLength(2);
    expect(validateAdaptiveCard(json)).toEqual([]);
  });

  it.each([
    ['a 10,000-character text', textCard('word '.repeat(2000))],
    [
      '80 steps',
      { ...everyKind, blocks: [{ kind: 'steps', items: Array.from({ length: 80 }, (_, i) => `Step ${i}`) }] },
    ],
    ['80 long steps', { ...everyKind, blocks: [{ kind: 'steps', items: Array(80).fill('x'.repeat(3000)) }] }],
    ['a 500-character title', { ...everyKind, title: 'T'.repeat(500) }],
    [
      '200 facts',
      { ...everyKind, blocks: [{ kind: 'facts', items: Array(200).fill({ label: 'L', value: 'v' }) }] },
    ],
    ['a 200-line code block', { ...everyKind, blocks: [{ kind: 'code', text: 'line\n'.repeat(200) }] }],
  ] as [string, Card][])('keeps %s valid and under the size limit', (_, card) => {
    expect(validateAdaptiveCard(renderAdaptiveCard(card))).toEqual([]);
  });

  it('marks a card whose text was cut with an ellipsis', () => {
    const body = bodyOf(renderAdaptiveCard(textCard('word '.repeat(2000))));
    expect(String(body[0]?.text).endsWith('…')).toBe(true);
  });
});

describe('renderAdaptiveReply', () => {
  it.each([
    [
      'a text reply stays text, escaped for Teams markdown',
      'Hi **there** <at>x</at>',
      `Hi \\*\\*there\\*\\* <${ZWSP}at>x<${ZWSP}/at>`,
    ],
    ['a line break survives markdown', 'one\ntwo', 'one\n\ntwo'],
  ])('%s', (_, text, expected) => {
    expect(renderAdaptiveReply({ kind: 'text', text })).toEqual({ text: expected });
  });

  it('a card reply becomes a valid card and no text', () => {
    const reply = renderAdaptiveReply({ kind: 'card', card: everyKind });
    expect(reply.text).toBeUndefined();
    expect(validateAdaptiveCard(reply.card)).toEqual([]);
  });
});

describe('readSubmitData', () => {
  it.each(everyKind.actions.filter((a) => 'data' in a).map((a) => [a.label, a] as const))(
    'reads back what the %s button sends',
    (_, action) => {
      const sent = actionsOf(renderAdaptiveCard({ ...everyKind, actions: [action] }))[0]?.data;
      expect(readSubmitData(sent)).toEqual('data' in action ? action.data : undefined);
      expect(readSubmitData(JSON.stringify(sent))).toEqual('data' in action ? action.data : undefined);
    },
  );

  it('keeps the documented shape { vpnbot: ActionData }', () => {
    expect(SUBMIT_KEY).toBe('vpnbot');
    expect(readSubmitData({ vpnbot: { type: 'command', command: 'start' } })).toEqual({
      type: 'command',
      command: 'start',
    });
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a number', 42],
    ['an array', [{ type: 'command', command: 'x' }]],
    ['ActionData without the key', { type: 'command', command: 'start' }],
    ['an unknown type', { vpnbot: { type: 'admin', command: 'delete-all' } }],
    ['an extra property', { vpnbot: { type: 'command', command: 'x', sql: 'drop' } }],
    ['a missing field', { vpnbot: { type: 'choice', node: 'n', turn: 1 } }],
    ['a text turn', { vpnbot: { type: 'choice', node: 'n', choice: 'c', turn: '1' } }],
    ['a negative turn', { vpnbot: { type: 'choice', node: 'n', choice: 'c', turn: -1 } }],
    ['an empty command', { vpnbot: { type: 'command', command: '' } }],
    ['a huge argument', { vpnbot: { type: 'command', command: 'code', arg: 'x'.repeat(100_000) } }],
    ['an inherited key', Object.create({ vpnbot: { type: 'command', command: 'x' } })],
    ['broken JSON text', '{"vpnbot": {'],
    ['JSON text of a forged value', '{"vpnbot": {"type": "command", "command": "x", "admin": true}}'],
  ])('refuses %s', (_, value) => {
    expect(readSubmitData(value)).toBeUndefined();
  });
});

describe('validateAdaptiveCard', () => {
  it.each([
    ['not a card', { type: 'Message' }, 'not AdaptiveCard'],
    ['a version Teams mobile cannot show', { type: 'AdaptiveCard', version: '1.6', body: [] }, 'above 1.5'],
    ['an unknown element', { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Fancy' }] }, 'Fancy'],
    [
      'a misspelt property',
      { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', wrapp: true }] },
      'wrapp',
    ],
    [
      'an invalid style',
      { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Container', style: 'loud', items: [] }] },
      'style',
    ],
    [
      'a javascript link',
      {
        type: 'AdaptiveCard',
        version: '1.5',
        actions: [{ type: 'Action.OpenUrl', title: 'x', url: 'javascript:x' }],
      },
      'non-http',
    ],
    [
      'an untitled button',
      { type: 'AdaptiveCard', version: '1.5', actions: [{ type: 'Action.Submit', data: {} }] },
      'without a title',
    ],
    [
      'a huge card',
      { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x'.repeat(50_000) }] },
      'bytes',
    ],
  ])('reports %s', (_, json, problem) => {
    expect(validateAdaptiveCard(json).join('\n')).toContain(problem);
  });
});
