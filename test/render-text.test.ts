import { describe, expect, it } from 'vitest';
import type { Card, Reply } from '../src/core/card.ts';
import { cleanText } from '../src/render/escape.ts';
import { countSmsSegments, toGsmFriendly } from '../src/render/sms-segments.ts';
import { choicesOf, renderText } from '../src/render/text.ts';

const choice = (id: string, label: string, turn = 2) => ({
  label,
  data: { type: 'choice' as const, node: 'internet', choice: id, turn },
});

const question: Card = {
  title: 'Is the internet really working on the laptop?',
  tone: 'info',
  blocks: [
    {
      kind: 'text',
      text: 'Open a website you have never visited before. Does it load, or do you get a sign-in or terms page?',
      muted: true,
    },
  ],
  actions: [
    choice('loads', 'It loads'),
    choice('portal', 'Sign-in page'),
    choice('nothing', 'Nothing loads'),
  ],
  summary: 'Is the internet really working on the laptop?',
};

const followUp: Card = {
  title: 'Did this fix it?',
  blocks: [],
  actions: [choice('yes', 'Yes'), choice('no', 'No'), choice('unsure', 'Not sure')],
  summary: 'Did this fix it?',
};

const outcome: Card = {
  title: 'Error 721',
  tone: 'warning',
  blocks: [
    { kind: 'text', text: 'The server never answered.\n\n\nThat is usually the network.' },
    { kind: 'steps', title: 'What you can do now', items: ['Use your phone hotspot.', 'Try again.'] },
    { kind: 'bullets', title: 'Likely causes:', items: ['GRE is blocked', 'Wrong server'] },
    { kind: 'facts', items: [{ label: 'Who can fix it', value: 'Your IT team' }] },
    { kind: 'code', text: 'ping vpn.example.com\n\n' },
  ],
  actions: [
    { label: 'Reset password', url: 'https://reset.example.com' },
    { label: 'Evil', url: 'javascript:alert(1)' },
    { label: 'Talk to a person', data: { type: 'command', command: 'human' } },
  ],
  summary: 'Error 721',
};

const card = (c: Card): Reply => ({ kind: 'card', card: c });

describe('renderText', () => {
  it.each([
    [
      'a question with numbered choices on the last line',
      card(question),
      undefined,
      'Is the internet really working on the laptop?\n' +
        'Open a website you have never visited before. Does it load, or do you get a sign-in or terms page?\n' +
        'Reply 1 It loads, 2 Sign-in page, 3 Nothing loads',
    ],
    ['a yes/no follow-up', card(followUp), undefined, 'Did this fix it?\nReply 1 Yes, 2 No, 3 Not sure'],
    [
      'an outcome: steps numbered, lists titled, links spelled out, no blank lines',
      card(outcome),
      undefined,
      'Error 721\nThe server never answered.\nThat is usually the network.\nWhat you can do now:\n' +
        '1. Use your phone hotspot.\n2. Try again.\nLikely causes:\n- GRE is blocked\n- Wrong server\n' +
        'Who can fix it: Your IT team\nping vpn.example.com\nReset password: https://reset.example.com\n' +
        'Reply 1 Talk to a person',
    ],
    [
      'choices as a list when not numbered',
      card(followUp),
      { numbered: false },
      'Did this fix it?\n- Yes\n- No\n- Not sure',
    ],
    ['a text reply', { kind: 'text', text: 'Starting over.\n\n\nOK.' }, undefined, 'Starting over.\nOK.'],
    [
      'control characters stripped',
      { kind: 'text', text: 'a\u0000b\u0007c \u001b[31mred\u202E' },
      undefined,
      'abc [31mred',
    ],
    [
      'a cut body that keeps the choices',
      card({ ...followUp, title: 'word '.repeat(100) }),
      { maxLength: 80 },
      `${'word '.repeat(9).trimEnd()}...\nReply 1 Yes, 2 No, 3 Not sure`,
    ],
    [
      'user markup shown as typed',
      { kind: 'text', text: '**hi** <!channel> {{DATE(x)}}' },
      undefined,
      '**hi** <!channel> {{DATE(x)}}',
    ],
  ] as [string, Reply, Parameters<typeof renderText>[1], string][])('%s', (_, reply, opts, expected) => {
    expect(renderText(reply, opts)).toBe(expected);
  });

  it.each([
    ['the question', question],
    ['the follow-up', followUp],
  ])('fits %s into two GSM-7 SMS segments', (_, c) => {
    expect(countSmsSegments(renderText(card(c)))).toMatchObject({
      encoding: 'GSM-7',
      segments: expect.any(Number),
    });
    expect(countSmsSegments(renderText(card(c))).segments).toBeLessThanOrEqual(2);
  });

  it.each([40, 160, 1600])('never exceeds maxLength %i', (maxLength) => {
    const long: Card = { ...outcome, blocks: [{ kind: 'text', text: 'x '.repeat(5000) }, ...outcome.blocks] };
    expect(renderText(card(long), { maxLength }).length).toBeLessThanOrEqual(maxLength);
  });
});

describe('choicesOf', () => {
  it.each([
    ['the data actions in numbered order', card(outcome), [{ type: 'command', command: 'human' }]],
    [
      'all three answers of a question',
      card(followUp),
      followUp.actions.map((a) => ('data' in a ? a.data : undefined)),
    ],
    ['nothing for a text reply', { kind: 'text', text: 'hi' }, []],
  ] as [string, Reply, unknown[]][])('gives %s', (_, reply, expected) => {
    expect(choicesOf(reply)).toEqual(expected);
  });

  it('maps a reply "2" to the second numbered choice', () => {
    const line = renderText(card(followUp)).split('\n').at(-1);
    expect(line).toContain('2 No');
    expect(choicesOf(card(followUp))[1]).toMatchObject({ choice: 'no' });
  });
});

describe('cleanText', () => {
  it.each([
    ['keeps newlines, drops other controls', 'a\nb\u0000\u0008c\u007F\u0085d', 20, 'a\nbc\nd'],
    ['turns tabs into spaces', 'a\tb', 20, 'a b'],
    ['cuts at a word with an ellipsis', 'the quick brown fox jumps over', 22, 'the quick brown fox…'],
    ['never splits an emoji', `${'a'.repeat(8)}👨‍👩‍👧 tail`, 10, `${'a'.repeat(8)}…`],
    ['replaces a lone surrogate', 'a\uD800b', 20, 'a\uFFFDb'],
    ['leaves short text alone', 'Error 721', 9, 'Error 721'],
  ])('%s', (_, text, max, expected) => {
    expect(cleanText(text, max)).toBe(expected);
    expect(cleanText(text, max).length).toBeLessThanOrEqual(max);
  });
});

describe('countSmsSegments', () => {
  it.each([
    ['empty', '', 'GSM-7', 1, 0],
    ['160 plain characters', 'a'.repeat(160), 'GSM-7', 1, 160],
    ['161 plain characters', 'a'.repeat(161), 'GSM-7', 2, 161],
    ['306 plain characters', 'a'.repeat(306), 'GSM-7', 2, 306],
    ['307 plain characters', 'a'.repeat(307), 'GSM-7', 3, 307],
    ['a euro sign (two septets)', '€', 'GSM-7', 1, 2],
    ['80 euro signs', '€'.repeat(80), 'GSM-7', 1, 160],
    ['81 euro signs (pairs never split)', '€'.repeat(81), 'GSM-7', 2, 162],
    ['GSM accents and Greek', 'é à Ñ Δ Ω £ ¥ @', 'GSM-7', 1, 15],
    ['brackets and braces', '[]{}\\^~|', 'GSM-7', 1, 16],
    ['an emoji', 'ok 👍', 'UCS-2', 1, 5],
    ['a curly apostrophe', 'can’t', 'UCS-2', 1, 5],
    ['70 UCS-2 characters', 'ж'.repeat(70), 'UCS-2', 1, 70],
    ['71 UCS-2 characters', 'ж'.repeat(71), 'UCS-2', 2, 71],
    [
      'an emoji across a part boundary (pairs never split)',
      `${'ж'.repeat(66)}😀${'ж'.repeat(66)}`,
      'UCS-2',
      3,
      134,
    ],
    ['134 UCS-2 characters', 'ж'.repeat(134), 'UCS-2', 2, 134],
    ['135 UCS-2 characters', 'ж'.repeat(135), 'UCS-2', 3, 135],
  ])('%s', (_, text, encoding, segments, units) => {
    expect(countSmsSegments(text)).toEqual({ encoding, segments, units });
  });
});

describe('toGsmFriendly', () => {
  it.each([
    ['curly quotes', '‘it’s’ “done”', "'it's' \"done\""],
    ['dashes', '628–629 — ok', '628-629 - ok'],
    ['an ellipsis', 'wait…', 'wait...'],
    ['a bullet', '• item', '- item'],
    ['a no-break space', 'a\u00A0b', 'a b'],
    ['a zero-width space', 'a\u200Bb', 'ab'],
    ['plain text', 'Reply 1 Yes', 'Reply 1 Yes'],
  ])('replaces %s', (_, text, expected) => {
    expect(toGsmFriendly(text)).toBe(expected);
    expect(countSmsSegments(toGsmFriendly(text)).encoding).toBe('GSM-7');
  });
});
