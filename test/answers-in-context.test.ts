// What a stranded user types at a question, read as an answer to that question: tables of (the way to the
// question, what they type, what the bot does next), the issue's own examples among them.
import { describe, expect, it } from 'vitest';
import { Conversation } from './helpers/conversation.ts';

/** The taps from "vpn broken" through every question, in order; the way to a question is the taps before it. */
const WAY: [node: string, tap: string][] = [
  ['internet', 'It loads'],
  ['vpn_type', 'IKEv2'],
  ['network', 'No, fails there too'],
  ['access', 'Yes, it used to work'],
  ['server_name', 'Timed out'],
  ['client', "Yes, it's current"],
  ['credentials', 'No, another error'],
  ['error_code', ''],
];
const TO: Record<string, string[]> = Object.fromEntries(
  WAY.map(([node], i) => [node, WAY.slice(0, i).map(([, tap]) => tap)]),
);

const at = (node: string) => {
  const c = new Conversation();
  c.say('vpn broken');
  for (const label of TO[node] ?? []) c.tap(label);
  expect(c.state?.at).toBe(node);
  return c;
};

/** A conversation at "Did this fix it?" after the sign-in advice. */
const atFollowUp = () => {
  const c = new Conversation();
  c.say('vpn broken');
  c.tap('Sign-in page');
  expect(c.heard()).toMatch(/Did this fix it/);
  return c;
};

const NOT_UNDERSTOOD = /didn't get that/;

describe('typed answers at each question', () => {
  it.each<[string, string, RegExp]>([
    ['internet', 'yeah google opens fine', /Which kind of VPN/],
    ['internet', 'it doesnt load anything', /get the internet working/],
    ['internet', 'hotel page wants my room number', /Sign in to the Wi-Fi first/],
    ['vpn_type', 'IKE v2', /hotspot[\s\S]*IKEv2 needs UDP ports 500 and 4500/],
    ['vpn_type', 'point to point tunneling', /hotspot[\s\S]*PPTP needs TCP port 1723/],
    ['vpn_type', 'no clue', /hotspot/],
    ['vpn_type', 'the fortinet client', /hotspot[\s\S]*SSL VPN needs TCP port 443/],
    ['vpn_type', 'GlobalProtect', /hotspot[\s\S]*SSL VPN/],
    ['network', "I don't have a hotspot", /ever worked for you before/],
    ['network', "my phone plan doesn't allow tethering", /ever worked for you before/],
    ['network', 'yep works on my phone', /This network blocks the VPN/],
    ['network', 'nope same error on the hotspot', /ever worked for you before/],
    ['access', 'it never worked, i just started', /You may need VPN access first/],
    ['access', 'yes it worked yesterday', /Does the VPN server answer/],
    ['server_name', 'Reply from 203.0.113.5: bytes=32 time=40ms TTL=52', /installed and up to date/],
    ['server_name', '100% packet loss', /installed and up to date/],
    ['server_name', 'Ping request could not find host vpn.example.org', /can't find the VPN server/],
    ['server_name', 'dunno how to do that, skip', /installed and up to date/],
    ['client', 'not installed', /Install or update the VPN app/],
    ['client', 'yeah but there is an update waiting', /Install or update the VPN app/],
    ['credentials', 'yes it says the password is wrong', /Check how you sign in/],
    ['credentials', 'no just an error number', /What error number/],
    [
      'error_code',
      'The remote connection was not made because the attempted VPN tunnels failed',
      /Error 800/,
    ],
    ['error_code', 'there is no number, it just fails', /Want a person to look at this with you\?/],
  ])('at %s, %j → %s', (node, text, expected) => {
    const heard = at(node).say(text);
    expect(heard).toMatch(expected);
    expect(heard).not.toMatch(NOT_UNDERSTOOD);
  });

  it('an answer that was not tapped is recorded like a tap, with what it tells us', () => {
    const c = at('network');
    c.say("I don't have a hotspot");
    expect(c.state?.answers.at(-1)).toMatchObject({ node: 'network', choice: 'cant_try' });
    expect(c.state?.facts).toMatchObject({ internet: 'works', hotspot: 'unavailable' });
    expect(c.events).toContainEqual({ type: 'answered', node: 'network', choice: 'cant_try' });
  });
});

describe('"Did this fix it?" in everyday words', () => {
  it.each<[string, RegExp]>([
    ["it still won't connect", /next thing/],
    ["didn't work", /next thing/],
    ['same error', /next thing/],
    ['nope', /next thing/],
    ['that did it', /Glad you're connected again/],
    ['all good now', /Glad you're connected again/],
    ['yep works now thanks', /Glad you're connected again/],
    ['can I talk to someone', /Getting you a person/],
  ])('%j → %s', (text, expected) => {
    const heard = atFollowUp().say(text);
    expect(heard).toMatch(expected);
    expect(heard).not.toMatch(NOT_UNDERSTOOD);
  });
});

describe('unsure means asking between the two likeliest answers', () => {
  it('an answer that names two choices gets one short question with those two, and a tap settles it', () => {
    const c = at('vpn_type');
    const heard = c.say('ikev2 or sstp, one of those');
    expect(heard).toMatch(/Just to be sure/);
    expect(c.buttons()).toEqual(['SSTP', 'IKEv2']);
    expect(c.state?.at).toBe('vpn_type');
    expect(c.tap('IKEv2')).toMatch(/IKEv2 needs UDP ports 500 and 4500/);
  });

  it('on a text-only channel the two answers are numbered, and a number picks one', () => {
    const c = at('vpn_type');
    c.say('ikev2 or sstp, one of those');
    expect(c.say('1')).toMatch(/SSTP needs TCP port 443/);
  });

  it('a button of the question card still works while the short question is open', () => {
    const c = at('vpn_type');
    const card = c.replies;
    c.say('ikev2 or sstp, one of those');
    c.replies = card;
    expect(c.tap('PPTP')).toMatch(/PPTP needs TCP port 1723/);
  });

  it('words that fit no answer get a short re-ask and change nothing', () => {
    const c = at('client');
    expect(c.say('qwpoe zxmv')).toMatch(NOT_UNDERSTOOD);
    expect(c.state?.at).toBe('client');
  });
});

describe('everything else the user said is kept', () => {
  it('an answer with a code records the answer and explains the code', () => {
    const c = at('network');
    const heard = c.say('fails on the hotspot too, error 809');
    expect(heard).toMatch(/Error 809/);
    expect(c.state?.facts?.hotspot).toBe('failed');
    expect(c.state?.codes).toEqual([809]);
  });

  it('a request for a person is not mistaken for an answer', () => {
    const c = at('access');
    expect(c.say('no, just get me a person please')).toMatch(/Getting you a person/);
  });

  it('"start over" and "what do you mean?" work at a question in many phrasings', () => {
    expect(at('client').say('can we start from scratch')).toMatch(/Starting over/);
    expect(at('access').say('oops I tapped the wrong thing, can we start over')).toMatch(/Starting over/);
    expect(atFollowUp().say('I restarted the router, no luck')).toMatch(/next thing/);
    expect(at('credentials').say('what do you mean by user name?')).toMatch(
      /How this works[\s\S]*reject your user name/,
    );
  });

  it('a new problem raised at a question is followed', () => {
    expect(at('access').say('i think norton antivirus is blocking it')).toMatch(/Security software/);
  });
});

describe('no question whose answer is already known', () => {
  it('a VPN named in the first message is never asked about again', () => {
    const c = new Conversation();
    c.say("anyconnect won't connect");
    expect(c.tap('It loads')).toMatch(/hotspot[\s\S]*SSL VPN needs TCP port 443/);
    expect(c.state?.vpnType).toBe('ssl');
  });

  it('a VPN named with a code carries into the advice that follows', () => {
    const c = new Conversation();
    expect(c.say('globalprotect says 809')).toMatch(/Error 809/);
    expect(c.tap('No, still broken')).toMatch(/does not let SSL VPN out \(TCP port 443\)/);
  });

  it('a VPN the user says they do not use is not taken for theirs', () => {
    const c = new Conversation();
    c.say('vpn broken, not anyconnect, the windows one');
    expect(c.state?.vpnType).toBeUndefined();
  });
});

describe('advice never contradicts what the user said', () => {
  it('after "fails on the hotspot too", 809 has no hotspot step, "not fixed" skips the network advice, and the code is never asked for again', () => {
    const c = at('access');
    const card = c.say('809');
    expect(card).toMatch(/Error 809/);
    expect(card).not.toMatch(/hotspot/i);
    const next = c.tap('No, still broken');
    expect(next).toMatch(/next thing/);
    expect(next).not.toMatch(/This network blocks the VPN|hotspot/i);
    const seen: string[] = [next];
    for (let i = 0; i < 12 && c.state?.phase !== 'handoff'; i++) {
      const labels = c.buttons();
      const pick = labels.find((l) => /still broken|used to work|Timed out|current|another error/.test(l));
      if (!pick) break;
      seen.push(c.tap(pick));
    }
    expect(seen.join('\n')).not.toMatch(/What error number/);
    expect(seen.join('\n')).not.toMatch(/hotspot/i);
  });

  it('a step given on one card is not repeated on the next', () => {
    const c = new Conversation();
    expect(c.say('error 609')).toMatch(/Restart the laptop and try again/);
    const next = c.say('error 619');
    expect(next).toMatch(/Error 619/);
    expect(next).not.toMatch(/Restart the laptop and try again/);
  });
});
