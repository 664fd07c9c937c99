// Whole calls on the voice line, through signed webhooks as Twilio sends them: what the caller says or presses, and
// what the bot says back. To a fix, to a transfer in desk hours, to a recorded message outside them.
import { describe, expect, it } from 'vitest';
import { stoppedAfterEach } from './helpers/stopped-after-each.ts';
import { Call, type CallAnswer, CLOSED, startVoiceHarness } from './helpers/voice-server.ts';

const start = stoppedAfterEach(startVoiceHarness);

type Line = [action: 'say' | 'press' | 'silence', input: string, expected: RegExp];

/** Plays `lines` on `call`, checking each answer; returns the last one. */
async function play(call: Call, lines: readonly Line[]): Promise<CallAnswer> {
  let answer = call.last as CallAnswer;
  for (const [action, input, expected] of lines) {
    answer =
      action === 'say'
        ? await call.say(input)
        : action === 'press'
          ? await call.press(input)
          : await call.silence();
    expect(answer.status, `${action} ${input}`).toBe(200);
    expect(answer.said, `${action} "${input}"`).toMatch(expected);
  }
  return answer;
}

const listens = (a: CallAnswer) => a.verbs.at(-1)?.name === 'Gather';
const hangsUp = (a: CallAnswer) => a.verbs.at(-1)?.name === 'Hangup';

describe('a call from "my VPN won\'t connect" to a fix', () => {
  it('asks each question aloud with its keys, reads the advice on request, and says goodbye when fixed', async () => {
    const h = await start();
    const call = new Call(h);
    const greeting = await call.ring();
    expect(greeting.said).toMatch(
      /^Hi, I'm the VPN help bot\..*Say Start VPN troubleshooting, or press 1\. Say Look up an error code, or press 2\. At any time, say repeat, start over, or agent\.$/,
    );
    expect(greeting.verbs[0]?.attrs.action).toBe('https://vpnbot.example.com/voice/gather?n=1');
    expect(greeting.verbs[0]?.attrs).toMatchObject({
      input: 'dtmf speech',
      numDigits: '1',
      actionOnEmptyResult: 'true',
    });
    const end = await play(call, [
      [
        'say',
        "my VPN won't connect",
        /Is the internet really working on the laptop\?.*Say It loads, or press 1\./,
      ],
      ['say', 'it loads', /Which kind of VPN do you use\?.*Press 1 for SSTP, 2 for IKEv2/],
      [
        'press',
        '1',
        /Does the VPN connect if you use your phone's hotspot instead\?.*SSTP needs TCP port four four three/,
      ],
      ['say', 'yes it works there', /This network blocks the VPN.*(steps for you|To go on)/],
      ['say', 'skip', /(steps for you|Did this fix it\?)/],
    ]);
    const question = /Did this fix it\?/.test(end.said) ? end : await call.say('skip');
    expect(question.said).toMatch(/Did this fix it\? Say Yes, fixed, or press 1\./);
    const bye = await call.press('1');
    expect(bye.said).toBe("Glad you're connected again. Call any time. Thanks for calling. Goodbye.");
    expect(hangsUp(bye)).toBe(true);
    expect((await h.composed.store.get('voice:+15551234567'))?.state.phase).toBe('done');
  });

  it('an error code said as people say it is read back, then explained, with its steps one at a time', async () => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    await play(call, [
      [
        'say',
        'error seven twenty-one',
        /^I heard error seven two one\. The VPN server never answered back\. Your laptop reached the VPN server/,
      ],
      [
        'press',
        '1',
        /I have 4 steps for you\. To hear them, say steps, or press 1\. I can also text you the steps/,
      ],
      [
        'say',
        'steps',
        /^Step 1 of 4\. Try again on a different network, such as your phone's hotspot\. For the next step/,
      ],
      ['say', 'repeat', /^Step 1 of 4\./],
      ['say', 'next', /^Step 2 of 4\./],
      ['press', '1', /^Step 3 of 4\. At home, restart your router/],
      ['press', '1', /^Step 4 of 4\. If it still fails, tell the help desk the code seven two one\./],
      ['press', '1', /^That was the last step\. Did this fix it\?/],
    ]);
  });

  it.each([
    ['eight oh nine', 'eight zero nine'],
    ['eight hundred nine', 'eight zero nine'],
    ['error 8 0 9', 'eight zero nine'],
    ['it says seven hundred and twenty one', 'seven two one'],
  ])('"%s" is heard as %s', async (said, aloud) => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    expect((await call.say(said)).said).toMatch(new RegExp(`^I heard error ${aloud}\\. The VPN server`));
  });

  it('a code typed on the keypad, then the hash key', async () => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    const ask = await call.press('2');
    expect(ask.said).toMatch(
      /^What error number does the VPN show\? Say the number, or type it on the keypad, then press the hash key\./,
    );
    expect(ask.verbs[0]?.attrs.numDigits).toBeUndefined();
    expect(ask.verbs[0]?.attrs.finishOnKey).toBe('#');
    expect((await call.press('809#')).said).toMatch(
      /^I heard error eight zero nine\. The VPN server can't be reached from this network\./,
    );
  });

  it('a code heard with low confidence is confirmed first: no, then yes', async () => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    const lines: [string, number, RegExp][] = [
      [
        'seven two one',
        0.31,
        /^I heard error seven two one\. Is that right\? Say yes, or press 1\. Say no, or press 2\.$/,
      ],
      ['no', 0.9, /^Sorry about that\. Say the number again, or type it on the keypad/],
      ['seven four one', 0.4, /^I heard error seven four one\. Is that right\?/],
      ['yes', 0.9, /^Error seven four one:/],
    ];
    for (const [words, confidence, expected] of lines)
      expect((await call.say(words, confidence)).said).toMatch(expected);
    const state = (await h.composed.store.get('voice:+15551234567'))?.state;
    expect(state?.codes).toEqual([741]);
  });
});

describe('the steps by text message', () => {
  it('are offered and sent to the caller, with the links a call leaves out', async () => {
    const h = await start({ PASSWORD_RESET_URL: 'https://passwordreset.contoso.example' });
    const call = new Call(h);
    await call.ring();
    let answer = await call.say('error 691');
    if (/To go on/.test(answer.said)) answer = await call.press('1');
    expect(answer.said).toMatch(/I can also text you the steps\. Say text me, or press 2\./);
    expect(answer.said).not.toMatch(/https|passwordreset/);
    expect((await call.say('text me')).said).toMatch(
      /^Done\. I've sent the steps to your phone\. Did this fix it\?/,
    );
    const texted = h.texts.map((t) => t.body).join('\n');
    expect(h.texts.every((t) => t.to === '+15551234567')).toBe(true);
    expect(texted).toMatch(/The steps from your call to the VPN help line/);
    expect(texted).toMatch(/Error 691/);
    expect(texted).toContain('https://passwordreset.contoso.example');
    expect(texted).not.toMatch(/Reply 1/);
  });

  it('are neither offered nor sent to a number that texted STOP, though the call is answered', async () => {
    const h = await start();
    await h.optOuts.optOut('+15551234567', Date.now());
    const call = new Call(h);
    expect((await call.ring()).said).toMatch(/^Hi, I'm the VPN help bot/);
    let answer = await call.say('error 721');
    if (/To go on/.test(answer.said)) answer = await call.press('1');
    expect(answer.said).toMatch(/I have 4 steps for you/);
    expect(answer.said).not.toMatch(/text/i);
    expect((await call.press('2')).said).toMatch(/^Sorry, that's not one of the choices\./);
    expect((await call.say('text me')).said).not.toMatch(/sent the steps/);
    expect(h.texts).toEqual([]);
  });
});

describe('to a person', () => {
  it('in desk hours: the case opens with its summary, the caller hears its number, then is put through', async () => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    await call.say('error 809');
    const transfer = await call.say('agent');
    const cases = await h.composed.handoffs.list();
    expect(cases).toHaveLength(1);
    const opened = cases[0];
    expect(opened?.channel).toBe('voice');
    expect(opened?.status).toBe('queued');
    expect(JSON.stringify(opened?.summary.codes)).toContain('809');
    const spelled = [...(opened?.id.slice(4) ?? '')]
      .map((c) =>
        /\d/.test(c)
          ? ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][Number(c)]
          : c,
      )
      .join(' ');
    expect(transfer.said).toBe(
      `Your case number is V P N, ${spelled}. I'm putting you through to the help desk now. Please hold.`,
    );
    const dial = transfer.verbs.find((v) => v.name === 'Dial');
    expect(dial?.number).toBe('+15550100199');
    expect(hangsUp(await call.send({ DialCallStatus: 'completed' }))).toBe(true);
  });

  it('in desk hours, when nobody answers the desk phone, the caller can leave a message', async () => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    await call.press('0');
    const missed = await call.send({ DialCallStatus: 'no-answer' });
    expect(missed.said).toMatch(/^Nobody at the help desk could take your call just now\. After the tone/);
    expect(missed.verbs.at(-1)?.name).toBe('Record');
  });

  it('outside desk hours: when the desk opens, the case number, a message of up to two minutes linked to the case', async () => {
    const h = await start({}, { clock: { now: CLOSED } });
    const call = new Call(h);
    await call.ring();
    await call.say('error 868');
    const closed = await call.say('talk to a person');
    expect(closed.said).toMatch(
      /^The help desk is closed right now\. It opens .+, UTC time\. Your case number is V P N, .+\. After the tone, say briefly what goes wrong, then press the hash key\. We'll call you back\.$/,
    );
    expect(closed.verbs.some((v) => v.name === 'Dial')).toBe(false);
    const record = closed.verbs.at(-1);
    expect(record?.name).toBe('Record');
    expect(record?.attrs).toMatchObject({ maxLength: '120', finishOnKey: '#', playBeep: 'true' });
    const url =
      'https://api.twilio.com/2010-04-01/Accounts/AC0123/Recordings/RE0123456789abcdef0123456789abcdef';
    const thanks = await call.send({ RecordingUrl: url, RecordingDuration: '42', Digits: '#' });
    expect(thanks.said).toBe(
      'Thanks. Your message is with the help desk, and someone will call you back. Goodbye.',
    );
    expect(hangsUp(thanks)).toBe(true);
    const [c] = await h.composed.handoffs.list();
    expect(
      c?.lines.some((l) => l.from === 'user' && l.text.includes(url) && l.text.includes('42 seconds')),
    ).toBe(true);
    expect(h.composed.handoffs.card(c as NonNullable<typeof c>).summary).toBeTruthy();
  });

  it("an agent's message reaches the caller by text, and not once they texted STOP", async () => {
    const h = await start({}, { clock: { now: CLOSED } });
    const call = new Call(h);
    await call.ring();
    await call.press('0');
    const [c] = await h.composed.handoffs.list();
    const agent = { id: 'sam', name: 'Sam', via: 'console' };
    await h.composed.handoffs.agentSays(c?.id ?? '', agent, 'I will call you back at nine.');
    await h.composed.handoffs.dispatch();
    expect(h.texts.map((t) => t.body).join('\n')).toMatch(/Sam: I will call you back at nine\./);
    expect(h.texts.every((t) => t.to === '+15551234567')).toBe(true);
    const before = h.texts.length;
    await h.optOuts.optOut('+15551234567', Date.now());
    await h.composed.handoffs.agentSays(c?.id ?? '', agent, 'Still there?');
    await h.composed.handoffs.dispatch();
    expect(h.texts).toHaveLength(before);
  });

  it('a caller whose case is still open is told so when calling back, and put through', async () => {
    const h = await start();
    const first = new Call(h);
    await first.ring();
    await first.press('0');
    const again = await new Call(h).ring();
    expect(again.said).toMatch(
      /^Your case is already with the help desk\. Your case number is V P N, .+ I'm putting you through/,
    );
    expect(await h.composed.handoffs.list()).toHaveLength(1);
  });

  it('without a recording, the caller is told the case stays in the queue', async () => {
    const h = await start({}, { clock: { now: CLOSED } });
    const call = new Call(h);
    await call.ring();
    await call.press('0');
    const none = await call.send({ RecordingDuration: '0' });
    expect(none.said).toMatch(/^I didn't get a message\. Your case stays in the queue/);
  });
});

describe('at any prompt', () => {
  it.each<[string, Line[]]>([
    [
      'repeat, in words or with the star key',
      [
        ['say', 'my vpn is broken', /Is the internet really working/],
        [
          'say',
          'say that again',
          /^Let's find the problem, one quick check at a time\. Is the internet really working/,
        ],
        ['press', '*', /^Let's find the problem, one quick check at a time\. Is the internet really working/],
      ],
    ],
    [
      'start over',
      [
        ['say', 'my vpn is broken', /Is the internet really working/],
        ['press', '1', /Which kind of VPN/],
        ['say', 'start over', /Starting over\..*Is the internet really working/],
      ],
    ],
    [
      'a key that is no choice',
      [
        ['say', 'my vpn is broken', /Is the internet really working/],
        ['press', '7', /^Sorry, that's not one of the choices\. Is the internet really working/],
      ],
    ],
    [
      'silence: asked again once, then offered a person',
      [
        ['say', 'my vpn is broken', /Is the internet really working/],
        ['silence', '', /^Sorry, I didn't hear anything\. Is the internet really working/],
        ['silence', '', /^I still can't hear you\. To talk to a person, say agent, or press 0\./],
      ],
    ],
  ])('%s', async (_what, lines) => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    const last = await play(call, lines);
    expect(listens(last)).toBe(true);
  });

  it('after the offer of a person, silence again ends the call kindly', async () => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    await call.silence();
    await call.silence();
    const bye = await call.silence();
    expect(bye.said).toBe('Thanks for calling. Goodbye.');
    expect(hangsUp(bye)).toBe(true);
  });

  it('0 after the silence offer puts the caller through', async () => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    await call.silence();
    await call.silence();
    expect((await call.press('0')).verbs.some((v) => v.name === 'Dial')).toBe(true);
  });
});
