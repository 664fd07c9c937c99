// Everything the voice line can say, held to what the ear can take: each prompt at most MAX_SPOKEN_WORDS (60 words,
// 24 seconds at 150 words a minute), no links, no "tap" or "click", codes and ports read digit by digit. Every
// question of the flow, every follow-up, every error code's answer page by page (with and without the org's links),
// and every sentence of the voice line's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerPrompt, pageTurn, questionPrompt, stepPrompt } from '../src/channels/voice/voice-pages.ts';
import { caseIdAloud, VOICE_TEXT_KEYS, voiceRewriter, voiceSay } from '../src/channels/voice/voice-texts.ts';
import { loadConfig } from '../src/config.ts';
import { loadContent } from '../src/content/load-content.ts';
import { initialState } from '../src/core/conversation-state.ts';
import { followUpCard, phrase, questionCard } from '../src/core/engine-cards.ts';
import type { FlowOutcome } from '../src/core/flow.ts';
import { formatCode } from '../src/core/knowledge.ts';
import { forTheEar, MAX_SPOKEN_WORDS, speakReplies, wordCount } from '../src/render/spoken.ts';
import { Conversation, engineContext } from './helpers/conversation.ts';
import { ORG_ALL_SET } from './helpers/org-settings.ts';
import { Call, startVoiceHarness, type VoiceHarness } from './helpers/voice-server.ts';

const { entries, flow, phrases } = loadContent();
const ALL_SET = ORG_ALL_SET;
const CODES = entries.map((e) => [e.id, formatCode(e.ranges[0]?.from ?? 0)] as const);

/** What is wrong with one spoken prompt, for the ear. */
function problems(said: string): string[] {
  const out: string[] = [];
  const n = wordCount(said);
  if (n > MAX_SPOKEN_WORDS) out.push(`${n} words (at most ${MAX_SPOKEN_WORDS})`);
  if (/https?:|www\.|\.(com|example|org|net)\b/i.test(said)) out.push('a link');
  if (
    /\b(tap|click|reply|send me|message me|write here|type (stop|remind|start over|talk|person))\b/i.test(
      said,
    )
  )
    out.push('words for a screen');
  if (/\d{3,}/.test(said)) out.push('a number said as a number, not digit by digit');
  if (/[*_`#<>[\]{}]/.test(said)) out.push('markup');
  return out.map((p) => `${p}: ${said}`);
}
const ctxFor = (env: Record<string, string>) => ({ ...engineContext(env), answering: 'number' as const });

describe('every question of the flow, with any VPN type, org settings or none', () => {
  const vpnTypes = [undefined, ...Object.keys(flow.vpnTypes)];
  it.each(Object.entries(flow.nodes))('%s', (name, node) => {
    const found: string[] = [];
    for (const env of [{}, ALL_SET]) {
      const ctx = ctxFor(env);
      const rewrite = voiceRewriter(phrases, ctx.org, flow);
      for (const vpnType of vpnTypes) {
        const card = questionCard(name, node, { ...initialState(0), vpnType }, ctx);
        const spoken = speakReplies([{ kind: 'card', card }], rewrite);
        const prompt = questionPrompt(phrases, spoken.question, spoken.lead);
        found.push(...prompt.say.flatMap(problems));
        // Every choice is said with its key.
        node.choices.forEach((_c, i) => {
          if (!new RegExp(`\\b(press ${i + 1}|${i + 1} for)\\b`).test(prompt.say.join(' ')))
            found.push(`choice ${i + 1} has no key in: ${prompt.say.join(' ')}`);
        });
      }
    }
    expect(found).toEqual([]);
  });

  const followUps: [string, FlowOutcome | undefined][] = [
    ['"did this fix it?"', undefined],
    ...Object.entries(flow.outcomes).map(([name, o]): [string, FlowOutcome] => [`after ${name}`, o]),
  ];
  it.each(followUps)('the follow-up %s', (_name, outcome) => {
    const card = followUpCard(outcome, { ...initialState(0), at: 'outcome:x' }, ctxFor({}));
    const spoken = speakReplies([{ kind: 'card', card }]);
    expect(
      questionPrompt(phrases, spoken.question, ['Done. I have sent the steps to your phone.']).say.flatMap(
        problems,
      ),
    ).toEqual([]);
  });
});

describe('every error code, page by page, with the org links set or not', () => {
  it.each(CODES)('%s', (_id, code) => {
    const found: string[] = [];
    for (const env of [{}, ALL_SET]) {
      const ctx = ctxFor(env);
      const c = new Conversation(ctx);
      c.say(`error ${code}`);
      const spoken = speakReplies(c.replies, voiceRewriter(phrases, ctx.org, flow));
      const paged = pageTurn(phrases, spoken, [`I heard error ${forTheEar(code).text}.`], true);
      const pages = [paged.prompt, offerPrompt(phrases, spoken.steps.length, true)];
      for (let i = 0; i < spoken.steps.length; i++) pages.push(stepPrompt(phrases, spoken.steps, i));
      pages.push(questionPrompt(phrases, spoken.question, [voiceSay(phrases, 'voice.stepLast')]));
      for (const page of pages) found.push(...page.say.flatMap(problems));
      // Each step is read whole: nothing of it is cut for the ear.
      spoken.steps.forEach((step, i) => {
        if (!stepPrompt(phrases, spoken.steps, i).say.join(' ').includes(step))
          found.push(`step ${i + 1} is cut: ${step}`);
      });
      if (!spoken.question) found.push('no question after the code');
    }
    expect(found).toEqual([]);
  });
});

describe('every error code as a caller hears it', () => {
  let h: VoiceHarness;
  beforeAll(async () => {
    h = await startVoiceHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('each page fits, the code is read back first, every step can be heard, and the question comes last', async () => {
    const found: string[] = [];
    let n = 0;
    for (const [id, code] of CODES) {
      const call = new Call(h, `+1555020${String(++n).padStart(4, '0')}`);
      await call.ring();
      let answer = await call.say(`error ${code}`, 0.95);
      if (!answer.said.startsWith(`I heard error ${forTheEar(code).text}.`))
        found.push(`${id}: not read back first: ${answer.said}`);
      let steps = 0;
      for (
        let guard = 0;
        guard < 20 && !/Did this fix it\?|person to look at this/.test(answer.said);
        guard++
      ) {
        found.push(
          ...answer.verbs.flatMap((v) => v.says).flatMap((s) => problems(s).map((p) => `${id}: ${p}`)),
        );
        // A step is what pressing 1 brings after the offer of the steps or after another step.
        const offered = /steps? for you|For the next step/.test(answer.said);
        answer = await call.press('1');
        if (offered && !/That was the last step/.test(answer.said)) steps++;
      }
      found.push(
        ...answer.verbs.flatMap((v) => v.says).flatMap((s) => problems(s).map((p) => `${id}: ${p}`)),
      );
      const entry = entries.find((e) => e.id === id);
      if (steps !== entry?.userSteps.length)
        found.push(`${id}: ${steps} of ${entry?.userSteps.length} steps heard`);
    }
    expect(found).toEqual([]);
  }, 120_000);
});

describe("the voice line's own sentences", () => {
  const vars = {
    label: 'Yes, it works there',
    n: 3,
    list: '1 for A',
    code: 'seven two one',
    count: 4,
    text: '',
    id: caseIdAloud('VPN-K7Q2MX'),
    opens: 'tomorrow, Thursday, at 9:00 AM',
    zone: 'Central European',
    seconds: 42,
    url: '',
    number: '••••4567',
  };
  it.each(
    VOICE_TEXT_KEYS.filter((k) => !['voice.recordingLine', 'voice.userName', 'voice.textIntro'].includes(k)),
  )('%s', (key) => {
    expect(problems(voiceSay(phrases, key, vars).replace(/9:00/, 'nine'))).toEqual([]);
  });

  it('the longest handoff prompt (case waiting, desk closed, case number, leave a message) fits', () => {
    const said = [
      voiceSay(phrases, 'voice.caseWaiting'),
      voiceSay(phrases, 'voice.closed', vars),
      voiceSay(phrases, 'voice.caseNumber', vars),
      voiceSay(phrases, 'voice.recordAsk'),
    ].join(' ');
    expect(wordCount(said)).toBeLessThanOrEqual(MAX_SPOKEN_WORDS);
  });

  it('the engine sentences written for typing are said in words for the phone', () => {
    const ctx = ctxFor({});
    const rewrite = voiceRewriter(phrases, loadConfig({}).org, flow);
    const c = new Conversation(ctx);
    c.say('error 9999');
    expect(speakReplies(c.replies, rewrite).lead.join(' ')).toMatch(/say it again/);
    c.send({ kind: 'welcome' });
    c.tap('Look up an error code');
    expect(speakReplies(c.replies, rewrite).question?.help).toMatch(
      /^Say the number, or type it on the keypad/,
    );
  });
});

describe("the engine's own sentences, as the voice line says them", () => {
  const ctx = ctxFor(ALL_SET);
  const rewrite = voiceRewriter(phrases, ctx.org, flow);
  /** Sentences a caller never hears: the agents' and techs' cards, other channels', and the handoff card the line replaces. */
  const NEVER_SAID =
    /^(case|slack|teams|sms|voice|lookup|picture|handoff|code\.(?!misread|either|unknownUser))\.?/;
  const keys = Object.keys(phrases).filter((k) => !NEVER_SAID.test(k) && !k.endsWith('.number'));
  it.each(keys)('%s', (key) => {
    const text = phrase(ctx, key, {
      code: '721',
      first: '721',
      second: '741',
      agent: 'Sam',
      text: 'hello',
      note: 'done',
    });
    expect(speakReplies([{ kind: 'text', text }], rewrite).lead.flatMap(problems)).toEqual([]);
  });
});
