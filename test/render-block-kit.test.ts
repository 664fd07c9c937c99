import { describe, expect, it } from 'vitest';
import type { ActionData, Card } from '../src/core/card.ts';
import { encodeActionValue, readBlockActionValue, renderBlockKit } from '../src/render/block-kit.ts';
import { checkBlockKitLimits } from '../src/render/block-kit-limits.ts';
import { escapeSlackCode, escapeSlackMrkdwn, ZWSP } from '../src/render/escape.ts';

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
    { kind: 'bullets', items: ['A firewall blocks GRE', 'Wrong server name'] },
    { kind: 'facts', items: [{ label: 'Who can fix it', value: 'Your IT team' }] },
    { kind: 'code', text: 'Test-NetConnection vpn.example.com -Port 1723' },
  ],
  actions: [
    { label: 'It loads', data: yes, style: 'primary' },
    { label: 'Look up 721', data: lookup },
    { label: 'Cancel the case', data: { type: 'command', command: 'close' }, style: 'destructive' },
    { label: 'Open the portal', url: 'https://portal.example.com/vpn' },
  ],
};

const render = (card: Card) => renderBlockKit({ kind: 'card', card });

/** Every text object in a message, with where it sits. */
function textObjects(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) for (const item of node) textObjects(item, out);
  else if (typeof node === 'object' && node !== null) {
    const obj = node as Json;
    if (obj.type === 'plain_text' || obj.type === 'mrkdwn') out.push(obj);
    else for (const value of Object.values(obj)) textObjects(value, out);
  }
  return out;
}

/** What Slack shows for a text object: entities decoded in mrkdwn, zero-width spaces invisible. */
const shown = (t: Json) => {
  const text = String(t.text).replaceAll(ZWSP, '');
  return t.type === 'mrkdwn' ? text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : text;
};

const buttons = (msg: { blocks: Json[] }) =>
  msg.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[]);

describe('renderBlockKit', () => {
  it('renders every block kind within Slack limits', () => {
    const msg = render(everyKind);
    expect(checkBlockKitLimits(msg)).toEqual([]);
    expect(msg.blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'context',
      'section',
      'section',
      'section',
      'section',
      'section',
      'actions',
    ]);
    expect(msg.text).toBe('Error 721: the server did not answer');
  });

  it.each([
    [
      'the title with its tone',
      0,
      { type: 'header', text: { type: 'plain_text', text: '⚠️ Error 721: the server did not answer' } },
    ],
    [
      'a muted text as context',
      2,
      { type: 'context', elements: [{ type: 'plain_text', text: 'Covers 721' }] },
    ],
    ['an emphasised text in bold', 3, { text: { type: 'mrkdwn', text: '*Try this first*', verbatim: true } }],
    [
      'steps numbered under a bold title',
      4,
      {
        text: {
          type: 'mrkdwn',
          text: '*What you can do now*\n1. Switch to your phone hotspot.\n2. Try again.',
        },
      },
    ],
    ['bullets', 5, { text: { type: 'plain_text', text: '• A firewall blocks GRE\n• Wrong server name' } }],
    ['facts as fields', 6, { fields: [{ type: 'mrkdwn', text: '*Who can fix it*\nYour IT team' }] }],
    [
      'code in a code block',
      7,
      { text: { type: 'mrkdwn', text: '```Test-NetConnection vpn.example.com -Port 1723```' } },
    ],
  ])('shows %s', (_, index, expected) => {
    expect(render(everyKind).blocks[index]).toMatchObject(expected);
  });

  it.each([
    [
      'a primary choice',
      0,
      { action_id: 'vpnbot:choice:1', style: 'primary', text: { type: 'plain_text', text: 'It loads' } },
    ],
    ['a command', 1, { action_id: 'vpnbot:command:2', text: { type: 'plain_text', text: 'Look up 721' } }],
    ['a destructive command', 2, { action_id: 'vpnbot:command:3', style: 'danger' }],
    ['a link', 3, { action_id: 'vpnbot:url:4', url: 'https://portal.example.com/vpn' }],
  ])('renders %s as a button', (_, index, expected) => {
    expect(buttons(render(everyKind))[index]).toMatchObject(expected);
  });

  it('renders a text reply as plain text sections with the same notification text', () => {
    const msg = renderBlockKit({ kind: 'text', text: 'Hi <!here>\nsecond line' });
    expect(msg.blocks).toEqual([
      { type: 'section', text: { type: 'plain_text', text: 'Hi <!here>\nsecond line', emoji: false } },
    ]);
    expect(msg.text).toBe('Hi &lt;!here&gt;\nsecond line');
  });
});

describe('what a user typed never pings, links or formats', () => {
  const typed = [
    ['a channel ping', '<!channel>'],
    ['a here ping', '<!here>'],
    ['a user mention', '<@U123>'],
    ['a disguised link', '<https://x|y>'],
    ['formatting', '*bold* _it_ ~gone~ `code`'],
  ];
  const places: [string, (text: string) => Card][] = [
    ['the title', (t) => ({ ...everyKind, title: t })],
    ['the summary', (t) => ({ ...everyKind, summary: t })],
    ['a text', (t) => ({ ...everyKind, blocks: [{ kind: 'text', text: t }] })],
    ['an emphasised text', (t) => ({ ...everyKind, blocks: [{ kind: 'text', text: t, emphasis: true }] })],
    ['a muted text', (t) => ({ ...everyKind, blocks: [{ kind: 'text', text: t, muted: true }] })],
    ['a titled list', (t) => ({ ...everyKind, blocks: [{ kind: 'steps', title: t, items: [t] }] })],
    ['a fact', (t) => ({ ...everyKind, blocks: [{ kind: 'facts', items: [{ label: t, value: t }] }] })],
    ['code', (t) => ({ ...everyKind, blocks: [{ kind: 'code', text: t }] })],
    ['a button', (t) => ({ ...everyKind, actions: [{ label: t, data: yes }] })],
  ];
  const cases = typed.flatMap(([what, text]) =>
    places.map(([where, make]) => [what, where, text, make] as const),
  );

  it.each(cases)('%s in %s is shown as typed and inert', (_, __, text, make) => {
    const msg = render(make(text as string));
    expect(checkBlockKitLimits(msg)).toEqual([]);
    const texts = [...textObjects(msg.blocks), { type: 'mrkdwn', text: msg.text, verbatim: true }];
    for (const t of texts.filter((t) => t.type === 'mrkdwn')) {
      expect(t.text).not.toMatch(/[<>]/);
      expect(t.verbatim).toBe(true);
    }
    expect(texts.some((t) => shown(t).includes(text as string))).toBe(true);
  });

  it.each([
    ['<!channel> 721', '&lt;!channel&gt; 721'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<https://x|y>', '&lt;https://x|y&gt;'],
    ['a & b', 'a &amp; b'],
    ['*bold*', `${ZWSP}*${ZWSP}bold${ZWSP}*${ZWSP}`],
    ['_it_', `${ZWSP}_${ZWSP}it${ZWSP}_${ZWSP}`],
    ['~gone~ `code`', `${ZWSP}~${ZWSP}gone${ZWSP}~${ZWSP} ${ZWSP}\`${ZWSP}code${ZWSP}\`${ZWSP}`],
    ['> quote', `${ZWSP}&gt; quote`],
    ['CONTOSO\\j_doe', 'CONTOSO\\j_doe'],
    ['2 * 3', `2 ${ZWSP}*${ZWSP} 3`],
  ])('escapeSlackMrkdwn(%j) is %j', (text, expected) => {
    expect(escapeSlackMrkdwn(text)).toBe(expected);
  });

  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['a ``` b', `a \`${ZWSP}\`${ZWSP}\` b`],
    ['*not bold* in code', '*not bold* in code'],
  ])('escapeSlackCode(%j) is %j', (text, expected) => {
    expect(escapeSlackCode(text)).toBe(expected);
  });

  it('never links a button to anything but http(s)', () => {
    const msg = render({
      ...everyKind,
      actions: [
        { label: 'x', url: 'javascript:alert(1)' },
        { label: 'y', url: 'slack://open' },
      ],
    });
    expect(buttons(msg)).toEqual([]);
  });
});

describe('Slack limits', () => {
  const steps = Array.from(
    { length: 80 },
    (_, i) => `Step ${i + 1}: ${'check the thing & <more> '.repeat(5)}`,
  );
  const huge: [string, Card][] = [
    ['80 steps', { ...everyKind, blocks: [{ kind: 'steps', title: 'Do', items: steps }] }],
    ['a 10,000-character text', { ...everyKind, blocks: [{ kind: 'text', text: 'x'.repeat(10_000) }] }],
    [
      'a 10,000-character emphasised text of ampersands',
      { ...everyKind, blocks: [{ kind: 'text', text: '&'.repeat(10_000), emphasis: true }] },
    ],
    [
      '80 steps and a 10,000-character text',
      {
        ...everyKind,
        blocks: [
          { kind: 'text', text: 'y '.repeat(5000) },
          { kind: 'steps', items: steps },
        ],
      },
    ],
    ['60 text blocks', { ...everyKind, blocks: Array(60).fill({ kind: 'text', text: 'a line' }) }],
    [
      '30 facts with long values',
      {
        ...everyKind,
        blocks: [
          { kind: 'facts', items: Array(30).fill({ label: 'L'.repeat(300), value: '<'.repeat(3000) }) },
        ],
      },
    ],
    ['a 10,000-character code block', { ...everyKind, blocks: [{ kind: 'code', text: '<&>'.repeat(3400) }] }],
    ['a 500-character title', { ...everyKind, title: 'T'.repeat(500) }],
    ['a 10,000-character summary', { ...everyKind, summary: 's'.repeat(10_000) }],
    [
      '40 actions with long labels',
      { ...everyKind, actions: Array(40).fill({ label: 'L'.repeat(200), data: lookup }) },
    ],
    [
      'a huge command argument',
      {
        ...everyKind,
        actions: [{ label: 'x', data: { type: 'command', command: 'code', arg: '<'.repeat(1000) } }],
      },
    ],
    [
      'empty texts',
      {
        title: ' ',
        summary: '',
        blocks: [
          { kind: 'text', text: '' },
          { kind: 'steps', items: [''] },
          { kind: 'code', text: '\n' },
        ],
        actions: [{ label: '', data: yes }],
      },
    ],
  ];

  it.each(huge)('%s still gives a message Slack accepts', (_, card) => {
    const msg = render(card);
    expect(checkBlockKitLimits(msg)).toEqual([]);
  });

  it('keeps all the buttons when the body is cut, at most 5 per row', () => {
    const card: Card = {
      ...everyKind,
      blocks: Array(60).fill({ kind: 'text', text: 'a line' }),
      actions: Array(7).fill({ label: 'x', data: lookup }),
    };
    const msg = render(card);
    expect(buttons(msg)).toHaveLength(7);
    expect(msg.blocks.filter((b) => b.type === 'actions').map((b) => (b.elements as Json[]).length)).toEqual([
      5, 2,
    ]);
    expect(msg.blocks.at(-3)).toEqual({
      type: 'context',
      elements: [{ type: 'plain_text', text: '…', emoji: false }],
    });
  });
});

describe('button values', () => {
  it.each([
    ['a choice', yes],
    ['a command with an argument', lookup],
    ['a command without one', { type: 'command', command: 'start' }],
    ['an argument with markup', { type: 'command', command: 'code', arg: '<!channel> & "quotes" \\ 😀' }],
  ] as [string, ActionData][])('round-trips %s through the rendered button', (_, data) => {
    const [button] = buttons(render({ ...everyKind, actions: [{ label: 'x', data }] }));
    expect(button?.value).not.toMatch(/[<>&]/);
    expect(readBlockActionValue(String(button?.value))).toEqual(data);
  });

  it('shortens a long argument to fit the 2000-character value', () => {
    const value = encodeActionValue({ type: 'command', command: 'code', arg: '<'.repeat(1000) });
    expect(value?.length).toBeLessThanOrEqual(2000);
    expect(readBlockActionValue(String(value))).toMatchObject({ type: 'command', command: 'code' });
  });

  it.each([
    ['empty text', ''],
    ['not JSON', 'yes'],
    ['JSON of a number', '3'],
    ['an unknown type', '{"type":"admin","command":"delete-all"}'],
    ['an extra property', '{"type":"command","command":"x","admin":true}'],
    ['a missing field', '{"type":"choice","node":"n","turn":1}'],
    ['a fractional turn', '{"type":"choice","node":"n","choice":"c","turn":1.5}'],
    ['a prototype trick', '{"__proto__":{"type":"command","command":"x"}}'],
    ['an oversized value', JSON.stringify({ type: 'command', command: 'code', arg: 'x'.repeat(2000) })],
  ])('refuses %s', (_, value) => {
    expect(readBlockActionValue(value)).toBeUndefined();
  });
});
