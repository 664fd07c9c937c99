// The triage conversation as a user lives it: tables of what they say or tap, and what the bot answers.
import { describe, expect, it } from 'vitest';
import { Conversation, engineContext } from './helpers/conversation.ts';

type Step = [action: 'say' | 'tap', text: string, expected: RegExp];

const run = (steps: Step[], c = new Conversation()) => {
  for (const [action, text, expected] of steps) {
    const heard = action === 'say' ? c.say(text) : c.tap(text);
    expect(heard, `after ${action} "${text}"`).toMatch(expected);
  }
  return c;
};

describe('first messages', () => {
  it.each<[string, RegExp]>([
    ['hi', /VPN help bot.*(one tap|error)/i],
    ['hotel wifi wants my room number', /Sign in to the Wi-Fi first/],
    ['error 721', /Error 721.*GRE/],
    ['it says 721', /Error 721/],
    [
      'Error 809: The network connection between your computer and the VPN server could not be established',
      /Error 809/,
    ],
    ["vpn won't connect", /one quick check.*Is the internet really working/],
    ['talk to a person', /Getting you a person/],
    ['my password keeps getting rejected by the vpn', /Check how you sign in/],
    ['error 9999', /don't know error 9999/],
    ['can you order me a new printer', /only help with VPN/],
  ])('%j → %s', (text, expected) => {
    expect(new Conversation().say(text)).toMatch(expected);
  });
});

describe('whole conversations', () => {
  it('a hotel guest: internet works, hotspot works → the network blocks the VPN → fixed', () => {
    run([
      ['say', 'vpn not working', /Is the internet really working/],
      ['tap', 'It loads', /Which kind of VPN/],
      ['tap', 'PPTP', /hotspot.*TCP port 1723 plus GRE/],
      ['tap', 'Yes, it works there', /This network blocks the VPN.*PPTP.*1723.*Did this fix it/],
      ['tap', 'Yes, fixed', /Glad you're connected again/],
    ]);
  });

  it('typed answers work as well as taps, in many phrasings', () => {
    run([
      ['say', 'cant connect to vpn', /Is the internet really working/],
      ['say', 'yeah it loads fine', /Which kind of VPN/],
      ['say', 'idk', /hotspot/],
      ['say', 'no', /ever worked for you before/],
      ['say', 'yep', /Does the VPN server answer/],
      ['say', 'request timed out', /installed and up to date/],
      ['say', 'up to date', /reject your user name or password/],
      ['say', 'no, another error', /What error number/],
      ['say', '13801', /Error 13801/],
    ]);
  });

  it('numbers pick the numbered choices (SMS and terminal users)', () => {
    run([
      ['say', 'vpn broken', /Is the internet really working/],
      ['say', '1', /Which kind of VPN/],
      ['say', '6', /hotspot/],
      ['say', '2', /ever worked/],
      ['say', '2', /You may need VPN access first/],
    ]);
  });

  it('not fixed leads to the next likely cause, then to a person', () => {
    const c = run([
      ['say', 'error 721', /Error 721/],
      ['tap', 'No, still broken', /next thing.*This network blocks the VPN/],
      ['tap', 'No, still broken', /next thing.*ever worked/],
    ]);
    expect(c.state?.phase).toBe('asking');
  });

  it('an organisation with one VPN type is never asked which one', () => {
    const c = new Conversation(engineContext({ VPN_TYPES: 'sstp', VPN_SERVER_NAME: 'vpn.contoso.example' }));
    run(
      [
        ['say', 'vpn is down for me', /internet really working/],
        ['tap', 'It loads', /hotspot.*SSTP needs TCP port 443/],
        ['tap', "Can't try", /ever worked/],
        ['tap', 'Yes, it used to work', /ping vpn\.contoso\.example/],
      ],
      c,
    );
  });
});

describe('what works at any point', () => {
  const depths: [string, string[]][] = [
    ['the first question', []],
    ['the VPN type', ['It loads']],
    ['the ping check', ['It loads', 'SSTP', "Can't try", 'Yes, it used to work']],
    ['an outcome follow-up', ['Sign-in page']],
  ];
  const at = (taps: string[]) => {
    const c = new Conversation();
    c.say('vpn is broken');
    for (const t of taps) c.tap(t);
    return c;
  };

  it.each(depths)('at %s: "start over" begins again', (_where, taps) => {
    const c = at(taps);
    expect(c.say('start over')).toMatch(/Starting over.*Is the internet really working/);
    expect(c.state?.answers).toEqual([]);
  });

  it.each(depths)('at %s: "talk to a person" hands over', (_where, taps) => {
    const c = at(taps);
    expect(c.say('can i talk to a person please')).toMatch(/Getting you a person/);
    expect(c.events).toContainEqual({ type: 'handoff', reason: 'asked' });
  });

  it.each(depths)('at %s: a code jumps to its card', (_where, taps) => {
    expect(at(taps).say('it says error 691')).toMatch(/Error 691/);
  });

  it.each(depths)('at %s: "help" explains and asks again', (_where, taps) => {
    const c = at(taps);
    const before = c.state?.at;
    expect(c.say('help')).toMatch(/How this works/);
    expect(c.state?.at).toBe(before);
  });

  it.each(depths)('at %s: garbage gets a short re-ask and changes nothing', (_where, taps) => {
    for (const garbage of [
      '',
      '   ',
      'asdkjhasd qwpoe',
      'x'.repeat(10_000),
      '🙃🙃',
      '<script>alert(1)</script>',
      '\u0000\u0001\u0002',
    ]) {
      const c = at(taps);
      const before = c.state?.at;
      const heard = c.say(garbage);
      expect(heard, JSON.stringify(garbage.slice(0, 20))).toMatch(/didn't get|Sorry|only help/);
      expect(c.state?.at).toBe(before);
      expect(c.buttons().length).toBeGreaterThan(0);
    }
  });
});

describe('buttons from the past, restarts and time', () => {
  it('an old button gets "out of date" and the current question, never a jump', () => {
    const c = new Conversation();
    c.say('vpn broken');
    const old = c.button('It loads');
    c.tap('It loads');
    if (!old) throw new Error('no button');
    expect(c.send({ kind: 'action', data: old })).toMatch(/out of date.*Which kind of VPN/);
    expect(c.state?.at).toBe('vpn_type');
  });

  it.each([
    [{ type: 'choice', node: 'credentials', choice: 'rejected', turn: 1 }],
    [{ type: 'choice', node: 'internet', choice: 'no_such_choice', turn: 1 }],
    [{ type: 'command', command: 'format-disk' }],
  ] as const)('a forged button %j is answered politely and changes nothing', (data) => {
    const c = new Conversation();
    c.say('vpn broken');
    const before = structuredClone(c.state);
    expect(c.send({ kind: 'action', data })).toMatch(/out of date/);
    expect(c.state?.at).toBe(before?.at);
    expect(c.state?.answers).toEqual(before?.answers);
  });

  it('a restart mid-triage resumes where the user was (state is plain JSON)', () => {
    const c = new Conversation();
    c.say('vpn broken');
    c.tap('It loads');
    c.state = JSON.parse(JSON.stringify(c.state));
    expect(c.tap('IKEv2')).toMatch(/hotspot.*UDP ports 500 and 4500/);
  });

  it('a user back after a day is greeted afresh', () => {
    const c = new Conversation();
    c.say('vpn broken');
    c.tap('It loads');
    c.wait(25 * 3_600_000);
    expect(c.say('hello')).toMatch(/Welcome back.*VPN help bot/);
    expect(c.state?.answers).toEqual([]);
  });

  it('a user back within the day carries on', () => {
    const c = new Conversation();
    c.say('vpn broken');
    c.tap('It loads');
    c.wait(3 * 3_600_000);
    expect(c.say('l2tp')).toMatch(/hotspot.*1701/);
  });
});

describe('at "what error number?", sentences are not mistaken for error messages', () => {
  const atCodeQuestion = () => {
    const c = new Conversation();
    c.say('vpn broken');
    for (const t of [
      'It loads',
      'SSTP',
      'No, fails there too',
      'Yes, it used to work',
      'I see replies',
      "Yes, it's current",
      'No, another error',
    ])
      c.tap(t);
    expect(c.state?.at).toBe('error_code');
    return c;
  };
  it.each<[string, RegExp]>([
    ['I want to talk to a person', /Getting you a person/],
    ['please get me a human', /Getting you a person/],
    ['can you help me please', /How this works/],
  ])('%j → %s', (text, expected) => {
    expect(atCodeQuestion().say(text)).toMatch(expected);
  });

  it('pasted error text shows the matching card, without claiming the user saw that code', () => {
    const c = atCodeQuestion();
    expect(
      c.say(
        'The remote connection was not made because the name of the remote access server did not resolve',
      ),
    ).toMatch(/Error 868/);
    expect(c.state?.codes).toEqual([]);
  });
});

describe('typed answers that say "not"', () => {
  it.each([
    [[], 'it never loads', 'outcome:no_internet'],
    [['It loads', 'PPTP'], 'no it never connects', 'access'],
  ])('after %j, %j is not read as its opposite', (taps, text, at) => {
    const c = new Conversation();
    c.say('vpn broken');
    for (const t of taps) c.tap(t);
    c.say(text);
    expect(c.state?.at).toBe(at);
  });
});
