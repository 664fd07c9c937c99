// The voice line's small parts: number words read as codes, what a caller's answer was, the commands that work
// anywhere, the settings, and sentences written for the ear.
import { describe, expect, it } from 'vitest';
import { digitsFromSpeech } from '../src/channels/voice/spoken-numbers.ts';
import { commandOf, readHeard } from '../src/channels/voice/voice-input.ts';
import { stepPrompt } from '../src/channels/voice/voice-pages.ts';
import { readVoiceSettings } from '../src/channels/voice/voice-settings.ts';
import {
  caseIdAloud,
  choicesAloud,
  VOICE_SAID_INSTEAD,
  VOICE_TEXT_KEYS,
} from '../src/channels/voice/voice-texts.ts';
import { voiceTwiml } from '../src/channels/voice/voice-twiml.ts';
import { loadContent } from '../src/content/load-content.ts';
import { digitsAloud, forTheEar, speakReplies } from '../src/render/spoken.ts';
import { readTwiml } from './helpers/voice-server.ts';

const { phrases } = loadContent();

describe('number words as a recogniser writes them become the code', () => {
  it.each([
    ['seven two one', '721'],
    ['error seven twenty-one', 'error 721'],
    ['error seven twenty one', 'error 721'],
    ['error 7 21', 'error 721'],
    ['7 2 1', '721'],
    ['eight oh nine', '809'],
    ['eight zero nine', '809'],
    ['eight hundred nine', '809'],
    ['eight hundred and nine', '809'],
    ['seven hundred and twenty one', '721'],
    ['six ninety one', '691'],
    ['eight double oh', '800'],
    ['thirteen eight oh one', '13801'],
    ['seven to one', '721'],
    ['it says error 721', 'it says error 721'],
    ['Error Eight Oh Nine.', 'Error 809'],
    ['one', '1'],
  ])('"%s" → "%s"', (said, written) => {
    expect(digitsFromSpeech(said)).toBe(written);
  });

  it.each([
    ['oh no it failed again', 'oh no it failed again'],
    ['I want to talk to a person', 'I want to talk to a person'],
    ['go for it', 'go for it'],
    ['and then nothing', 'and then nothing'],
  ])('leaves words that are not numbers: "%s"', (said, written) => {
    expect(digitsFromSpeech(said)).toBe(written);
  });
});

describe('what the caller answered', () => {
  it.each([
    ['', '', '', { kind: 'silence' }],
    ['#', '', '', { kind: 'silence' }],
    ['', '   ', '0.9', { kind: 'silence' }],
    ['', '<>&', '0.9', { kind: 'silence' }],
    ['1', '', '', { kind: 'keys', digits: '1' }],
    ['721#', '', '', { kind: 'keys', digits: '721' }],
    ['12ab', '', '', { kind: 'garbled' }],
    ['1; DROP TABLE', '', '', { kind: 'garbled' }],
    ['', 'seven two one', '0.42', { kind: 'words', text: '721', confidence: 0.42 }],
    ['', 'error 809', 'high', { kind: 'words', text: 'error 809', confidence: 0 }],
    ['', '<Say>hi</Say> my vpn', '0.9', { kind: 'words', text: 'hi my vpn', confidence: 0.9 }],
  ])('Digits %j, SpeechResult %j, Confidence %j', (digits, speech, confidence, heard) => {
    expect(readHeard(digits, speech, confidence)).toEqual(heard);
  });

  it('reads at most 300 characters of speech', () => {
    const heard = readHeard('', 'vpn '.repeat(100_000), '0.9');
    expect(heard.kind === 'words' && heard.text.length).toBeLessThanOrEqual(300);
  });
});

describe('requests that work at any prompt', () => {
  it.each([
    ['repeat', 'repeat'],
    ['Say that again, please.', 'repeat'],
    ['agent', 'agent'],
    ['I want to talk to a person', 'agent'],
    ['start over', 'restart'],
    ['next', 'next'],
    ['steps', 'steps'],
    ['text me', 'text'],
    ['send them to me', 'text'],
    ['skip', 'skip'],
    ['yes', 'yes'],
    ['no', 'no'],
    ['my vpn will not connect', undefined],
    ['it loads', undefined],
  ])('"%s" is %s', (said, command) => {
    expect(commandOf(said)).toBe(command);
  });
});

describe('settings', () => {
  const base = { TWILIO_AUTH_TOKEN: 'token', PUBLIC_BASE_URL: 'https://bot.example.com' };
  it.each([
    [{}, { on: false }],
    [{ TWILIO_AUTH_TOKEN: 'token' }, { on: false }],
    [base, { on: true, settings: { language: 'en-US' } }],
    [
      { ...base, VOICE: 'off' },
      { on: false, reason: 'VOICE=off' },
    ],
    [
      { ...base, HELPDESK_PHONE: '+1 (555) 010-0199' },
      { on: true, settings: { helpdeskPhone: '+15550100199' } },
    ],
    [
      { ...base, VOICE_LANGUAGE: 'en-GB', VOICE_NAME: 'Polly.Amy' },
      { on: true, settings: { language: 'en-GB', voice: 'Polly.Amy' } },
    ],
  ])('%j', (env, expected) => {
    expect(readVoiceSettings(env)).toMatchObject(expected);
  });

  it.each([
    [{ HELPDESK_PHONE: '555-0199' }, /HELPDESK_PHONE: an E.164 number/],
    [{ VOICE_LANGUAGE: 'english' }, /VOICE_LANGUAGE: a language tag/],
    [{ VOICE_NAME: '"><Hangup/>' }, /VOICE_NAME: a voice name/],
    [{ VOICE: 'maybe' }, /VOICE/],
  ])('%j is refused with the setting named', (bad, problem) => {
    const read = readVoiceSettings({ ...base, ...bad });
    expect(read.on).toBe(false);
    expect(!read.on && read.problems.join('\n')).toMatch(problem);
  });
});

describe('written for the ear', () => {
  it.each([
    ['Error 721: The VPN server never answered', 'Error seven two one: The VPN server never answered'],
    ['Change your password here: https://reset.example.com/now', 'Change your password'],
    ['Ping vpn.contoso.example and look', 'Ping vpn dot contoso dot example and look'],
    ['Use **TCP** port 443 (SSTP)', 'Use TCP port four four three, SSTP,'],
    ['L2TP/IPsec & PPTP', 'L2TP IPsec and PPTP'],
    ['Check 0x800B0109', 'Check hex eight zero zero B zero one zero nine'],
    ['Try DOMAIN\\name and name@company.com', 'Try DOMAIN backslash name and name at company dot com'],
  ])('%j → %j', (text, spoken) => {
    expect(forTheEar(text).text).toBe(spoken);
  });

  it('says when a link was left out, so a text message can carry it', () => {
    expect(forTheEar('Get it here: https://software.example.com').dropped).toBe(true);
    expect(forTheEar('Restart the laptop.').dropped).toBe(false);
  });

  it('reads digits one by one', () => {
    expect(digitsAloud('809')).toBe('eight zero nine');
  });

  it('reads steps one at a time: "Step 1 of 2", the next one offered, the last one going on; one step alone', () => {
    expect(stepPrompt(phrases, ['Restart.', 'Call us.'], 0).say).toEqual([
      'Step 1 of 2. Restart. For the next step, say next, or press 1.',
    ]);
    expect(stepPrompt(phrases, ['Restart.', 'Call us.'], 1).say).toEqual([
      'Step 2 of 2. Call us. To go on, say next, or press 1.',
    ]);
    expect(stepPrompt(phrases, ['Call us.'], 0).say).toEqual(['Call us. To go on, say next, or press 1.']);
  });

  it('spells a case number so it can be written down', () => {
    expect(caseIdAloud('VPN-K7Q2MX')).toBe('V P N, K seven Q two M X');
  });

  it('says a few choices one by one, many the short way', () => {
    expect(choicesAloud(phrases, ['Yes', 'No'])).toBe('Say Yes, or press 1. Say No, or press 2.');
    expect(choicesAloud(phrases, ['A', 'B', 'C', 'D'])).toBe(
      'Press 1 for A, 2 for B, 3 for C, or 4 for D. Or just say your answer.',
    );
  });

  it('a card: title and text first, steps on request, the last card with choices as the question', () => {
    const turn = speakReplies([
      {
        kind: 'card',
        card: {
          title: 'Error 809: Blocked',
          blocks: [
            { kind: 'text', text: 'The network blocks it.' },
            { kind: 'steps', title: 'What you can do now', items: ['Try a hotspot.', 'Call us.'] },
          ],
          actions: [{ label: 'Open the portal', url: 'https://portal.example.com' }],
          summary: 'Error 809',
        },
      },
      {
        kind: 'card',
        card: {
          title: 'Did this fix it?',
          blocks: [],
          actions: [{ label: 'Yes, fixed', data: { type: 'choice', node: 'x', choice: 'fixed', turn: 1 } }],
          summary: 'Did this fix it?',
        },
      },
    ]);
    expect(turn).toEqual({
      lead: ['Error eight zero nine: Blocked.', 'The network blocks it.'],
      steps: ['Try a hotspot.', 'Call us.'],
      question: { node: 'x', ask: 'Did this fix it?', help: undefined, choices: ['Yes, fixed'] },
      links: true,
    });
  });
});

describe('the words of the line are content', () => {
  it.each([...VOICE_TEXT_KEYS, ...VOICE_SAID_INSTEAD.map((k) => `voice.say.${k}`), 'voice.help.error_code'])(
    '%s is in cards/phrases.yaml',
    (key) => {
      expect(phrases[key]).toBeTruthy();
    },
  );
});

describe('TwiML', () => {
  it('escapes what it says and keeps every attribute quoted', () => {
    const body = voiceTwiml(
      [
        { kind: 'gather', action: '/voice/gather?n=1&x="y"', say: ['<Hangup/> & "quotes"'], numDigits: 1 },
        { kind: 'hangup' },
      ],
      { language: 'en-US', voice: 'Polly.Joanna' },
    );
    const [gather, hangup] = readTwiml(body);
    expect(gather?.name).toBe('Gather');
    expect(gather?.attrs).toMatchObject({
      input: 'dtmf speech',
      action: '/voice/gather?n=1&x="y"',
      numDigits: '1',
      actionOnEmptyResult: 'true',
      language: 'en-US',
    });
    expect(gather?.says).toEqual(['<Hangup/> & "quotes"']);
    expect(hangup?.name).toBe('Hangup');
  });
});
