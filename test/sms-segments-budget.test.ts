// What the bot's answers cost over SMS, as a phone user receives them: the first answer to every error code fits in
// 4 segments, every question of the flow and every follow-up in 2, all GSM-7, with the choices on the last line.
// Turns that would cost more leave advice steps out from the end, whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_SEGMENTS_PER_TURN,
  smsCost,
  smsParts,
  smsText,
  splitSms,
} from '../src/channels/sms/sms-parts.ts';
import { loadConfig } from '../src/config.ts';
import { loadContent } from '../src/content/load-content.ts';
import type { Card, Reply } from '../src/core/card.ts';
import { initialState } from '../src/core/conversation-state.ts';
import { followUpCard, questionCard } from '../src/core/engine-cards.ts';
import { formatCode } from '../src/core/knowledge.ts';
import { dropStepsToFit } from '../src/render/fit-steps.ts';
import { countSmsSegments } from '../src/render/sms-segments.ts';
import { Conversation, engineContext } from './helpers/conversation.ts';
import { ORG_ALL_SET } from './helpers/org-settings.ts';
import { type SmsHarness, startSmsHarness } from './helpers/sms-server.ts';

const { entries, flow } = loadContent();
const QUESTION_SEGMENTS = 2;
const ALL_SET = ORG_ALL_SET;
/** One code of each entry, as a user would type it. */
const CODES = entries.map((e) => [e.id, formatCode(e.ranges[0]?.from ?? 0)] as const);

/** Problems with one turn's SMS parts: its cost, its encoding, and the choices not being the very last line. */
function problems(parts: readonly string[], budget: number, choices = true): string[] {
  const out: string[] = [];
  const cost = smsCost(parts);
  if (cost > budget) out.push(`costs ${cost} segments (at most ${budget})`);
  const ucs2 = parts.filter((p) => countSmsSegments(p).encoding !== 'GSM-7');
  if (ucs2.length) out.push(`not GSM-7: ${JSON.stringify(ucs2)}`);
  const last = (parts.at(-1) ?? '').replace(/^\(\d+\/\d+\) /, '');
  if (choices && !/\nReply 1 [^\n]+$/.test(last))
    out.push('the choices are not the last line, after their question');
  return out;
}

/** The numbered steps an SMS text shows. */
const stepsIn = (parts: readonly string[]) => parts.join('\n').match(/^(\(\d+\/\d+\) )?\d\. /gm)?.length ?? 0;

describe('the first answer to every error code, as texted', () => {
  let sms: SmsHarness;
  beforeAll(async () => {
    sms = await startSmsHarness();
  });
  afterAll(async () => {
    await sms?.stop();
  });

  it(`fits in ${MAX_SEGMENTS_PER_TURN} segments, GSM-7, choices last, with every step of the card`, async () => {
    const found: string[] = [];
    let n = 0;
    for (const [id, code] of CODES) {
      const from = `+1555010${String(++n).padStart(4, '0')}`;
      const { messages } = await sms.text(from, `error ${code}`);
      expect(messages.join('\n'), code).toContain(`Error ${code}:`);
      for (const p of problems(messages, MAX_SEGMENTS_PER_TURN)) found.push(`${id}: ${p}`);
      const entry = entries.find((e) => e.id === id);
      if (stepsIn(messages) !== entry?.userSteps.length)
        found.push(`${id}: shows ${stepsIn(messages)} of ${entry?.userSteps.length} steps`);
    }
    expect(found).toEqual([]);
  });
});

describe('every code card with every org setting configured (links make it longer)', () => {
  it.each(CODES)(`%s fits in ${MAX_SEGMENTS_PER_TURN} segments`, (_id, code) => {
    const c = new Conversation({ ...engineContext(ALL_SET), answering: 'number' });
    c.say(`error ${code}`);
    expect(problems(smsParts(c.replies), MAX_SEGMENTS_PER_TURN)).toEqual([]);
  });
});

describe(`every question of the flow and every follow-up fits in ${QUESTION_SEGMENTS} segments`, () => {
  const questions = Object.entries(flow.nodes);
  const vpnTypes = [undefined, ...Object.keys(flow.vpnTypes)];
  it.each(questions)('%s, with any VPN type, org settings or none', (name, node) => {
    for (const env of [{}, ALL_SET]) {
      const ctx = { ...engineContext(env), answering: 'number' as const };
      for (const vpnType of vpnTypes) {
        const card = questionCard(name, node, { ...initialState(0), vpnType }, ctx);
        const parts = smsParts([{ kind: 'card', card }]);
        expect(problems(parts, QUESTION_SEGMENTS), parts.join('\n')).toEqual([]);
      }
    }
  });

  it('the first question, with the words that start the checks', () => {
    const c = new Conversation({ ...engineContext(), answering: 'number' });
    c.say('my vpn is not working');
    expect(problems(smsParts(c.replies), QUESTION_SEGMENTS)).toEqual([]);
  });

  const followUps = [
    ['"did this fix it?"', undefined],
    ...Object.entries(flow.outcomes)
      .filter(([, o]) => o.offerReminders || !o.askFixed)
      .map(([name, o]) => [`after ${name}`, o] as const),
  ] as const;
  it.each(followUps)('the follow-up %s', (_name, outcome) => {
    const card = followUpCard(outcome, { ...initialState(0), at: 'outcome:x' }, engineContext());
    expect(problems(smsParts([{ kind: 'card', card }]), QUESTION_SEGMENTS)).toEqual([]);
  });
});

describe('a turn too long for its budget leaves advice steps out, whole', () => {
  const sentence = (n: number) => `Step ${n} says something useful that takes a good while to read through.`;
  const card: Card = {
    title: 'Error 999: Something long',
    blocks: [
      { kind: 'text', text: 'What it means, in one sentence that stays whole.' },
      { kind: 'steps', title: 'What you can do now', items: [1, 2, 3, 4, 5].map(sentence) },
    ],
    actions: [],
    summary: 'Error 999',
  };
  const followUp: Card = {
    title: 'Did this fix it?',
    blocks: [],
    actions: [{ label: 'Yes, fixed', data: { type: 'choice', node: 'x', choice: 'fixed', turn: 1 } }],
    summary: 'Did this fix it?',
  };
  const turn: Reply[] = [
    { kind: 'card', card },
    { kind: 'card', card: followUp },
  ];
  const costOf = (r: readonly Reply[]) => smsCost(splitSms(smsText(r)));

  it('drops the last steps first and keeps the title, the text, the first step and the choices', () => {
    const fitted = dropStepsToFit(turn, (r) => costOf(r) <= 2);
    const text = smsText(fitted);
    expect(costOf(fitted)).toBeLessThanOrEqual(2);
    expect(text).toContain('Error 999: Something long');
    expect(text).toContain('What it means, in one sentence that stays whole.');
    expect(text).toContain(`1. ${sentence(1)}`);
    expect(text).not.toContain(sentence(5));
    expect(text).not.toContain('...');
    expect(text.split('\n').at(-1)).toBe('Reply 1 Yes, fixed');
    // Every step shown is whole.
    for (const line of text.split('\n').filter((l) => /^\d\. /.test(l)))
      expect(line).toMatch(/^\d\. Step \d says something useful that takes a good while to read through\.$/);
  });

  it('leaves a turn that fits as it is, and never drops the last step of a card', () => {
    expect(dropStepsToFit(turn, () => true)).toEqual(turn);
    const fitted = dropStepsToFit(turn, () => false);
    expect(smsText(fitted)).toContain(`1. ${sentence(1)}`);
    expect(smsText(fitted)).not.toContain(sentence(2));
  });

  it('smsParts applies it: an over-long turn sent by SMS costs at most the turn budget', () => {
    const long: Reply[] = [
      {
        kind: 'card',
        card: {
          ...card,
          blocks: [
            card.blocks[0],
            { ...card.blocks[1], items: [1, 2, 3, 4, 5, 6, 7, 8, 9].map(sentence) },
          ] as Card['blocks'],
        },
      },
      { kind: 'card', card: followUp },
    ];
    expect(costOf(long)).toBeGreaterThan(MAX_SEGMENTS_PER_TURN);
    expect(smsCost(smsParts(long))).toBeLessThanOrEqual(MAX_SEGMENTS_PER_TURN);
    expect(smsParts(long).at(-1)).toMatch(/\nReply 1 Yes, fixed$/);
  });
});

describe('with every setting configured, texts stay GSM-7', () => {
  it('the configured values are plain', () => {
    const org = loadConfig(ALL_SET).org;
    expect(countSmsSegments(Object.values(org).flat().join(' ')).encoding).toBe('GSM-7');
  });
});
