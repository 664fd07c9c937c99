// The voice webhooks as a protocol: signatures, Twilio's repeats, a restart and a second instance mid-call, and odd
// or hostile input (empty, a megabyte, binary, markup in the speech, letters in Digits), never a 5xx or a crash.
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../src/store/conversation-store.ts';
import { Call, callSid, startVoiceHarness, type VoiceHarness } from './helpers/voice-server.ts';

const harnesses: VoiceHarness[] = [];
const start = async (...args: Parameters<typeof startVoiceHarness>) => {
  const h = await startVoiceHarness(...args);
  harnesses.push(h);
  return h;
};
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop().catch(() => {});
});

const ALICE = '+15551234567';
const KEY = `voice:${ALICE}`;
const ring = (sid: string, extra: Record<string, string> = {}) => ({
  AccountSid: 'AC0123',
  CallSid: sid,
  From: ALICE,
  To: '+15550100',
  CallStatus: 'ringing',
  ...extra,
});

describe('signatures', () => {
  it.each<[string, (h: VoiceHarness, p: Record<string, string>) => string | null]>([
    ['no signature', () => null],
    ['an empty signature', () => ''],
    ['a signature made with another token', () => 'bm90IHRoZSByaWdodCBzaWduYXR1cmU='],
    ['a signature for another path', (h, p) => h.sign('/sms', p)],
    ['a signature for other parameters', (h, p) => h.sign('/voice', { ...p, From: '+15559999999' })],
  ])('%s: 403, and nothing is stored', async (_what, signature) => {
    const h = await start();
    const params = ring(callSid());
    const answer = await h.post('/voice', params, signature(h, params));
    expect(answer.status).toBe(403);
    expect(answer.body).toBe('invalid signature');
    expect(await h.composed.store.get(KEY)).toBeUndefined();
    expect(await h.composed.store.get(`voice-call:${ALICE}`)).toBeUndefined();
  });

  it('a gather answer signed for another prompt number is refused', async () => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    const params = { AccountSid: 'AC0123', CallSid: call.sid, From: ALICE, To: '+15550100', Digits: '1' };
    const answer = await h.post('/voice/gather?n=1', params, h.sign('/voice/gather?n=2', params));
    expect(answer.status).toBe(403);
  });
});

describe("Twilio's repeats", () => {
  it('a repeated answer gets the same TwiML, and the turn runs once', async () => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    const params = {
      AccountSid: 'AC0123',
      CallSid: call.sid,
      From: ALICE,
      To: '+15550100',
      SpeechResult: 'my vpn is broken',
      Confidence: '0.9',
    };
    const first = await h.post('/voice/gather?n=1', params);
    const again = await h.post('/voice/gather?n=1', params);
    expect(again.body).toBe(first.body);
    expect(first.said).toMatch(/Is the internet really working/);
    const one = await h.post('/voice/gather?n=2', { ...params, SpeechResult: '', Digits: '1' });
    const oneAgain = await h.post('/voice/gather?n=2', { ...params, SpeechResult: '', Digits: '1' });
    expect(oneAgain.body).toBe(one.body);
    expect((await h.composed.store.get(KEY))?.state.answers).toHaveLength(1);
  });

  it('a repeated "call comes in" gets the same greeting', async () => {
    const h = await start();
    const params = ring(callSid());
    const first = await h.post('/voice', params);
    expect((await h.post('/voice', params)).body).toBe(first.body);
  });

  it('a late post to an answered prompt gets its first answer again, whatever it carries, and changes nothing', async () => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    const first = await call.say('my vpn is broken');
    await call.press('1');
    const params = { AccountSid: 'AC0123', CallSid: call.sid, From: ALICE, To: '+15550100' };
    expect((await h.post('/voice/gather?n=1', { ...params, Digits: '3' })).body).toBe(first.body);
    expect((await h.composed.store.get(KEY))?.state.answers).toHaveLength(1);
  });

  it('a post to a prompt never asked gets the current prompt again and changes nothing', async () => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    await call.say('my vpn is broken');
    const now = await call.press('1');
    const params = { AccountSid: 'AC0123', CallSid: call.sid, From: ALICE, To: '+15550100', Digits: '3' };
    const stray = await h.post('/voice/gather?n=99', params);
    expect(stray.said).toBe(now.said);
    expect(stray.action).toBe(now.action);
    expect(stray.verbs[0]?.attrs.numDigits).toBe(now.verbs[0]?.attrs.numDigits);
    expect((await h.composed.store.get(KEY))?.state.answers).toHaveLength(1);
  });

  it('a new call starts fresh: the greeting, even after a half-finished one', async () => {
    const h = await start();
    const first = new Call(h);
    await first.ring();
    await first.say('my vpn is broken');
    const second = new Call(h);
    expect((await second.ring()).said).toMatch(/^Hi, I'm the VPN help bot/);
    expect((await second.press('1')).said).toMatch(/Is the internet really working/);
  });
});

describe('the call survives', () => {
  it('a restart: the next answer is taken where the call was', async () => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    await call.say('error 721');
    const dataDir = h.dataDir;
    await h.stop();
    harnesses.splice(harnesses.indexOf(h), 1);
    const restarted = await start({}, { dataDir });
    const resumed = new Call(restarted);
    Object.assign(resumed, { sid: call.sid, last: call.last });
    expect((await resumed.press('1')).said).toMatch(/I have 4 steps for you/);
    expect((await resumed.press('1')).said).toMatch(/^Step 1 of 4\./);
  });

  it('a second instance on the same store: answers may reach either', async () => {
    const a = await start();
    const b = await start({}, { dataDir: a.dataDir });
    const call = new Call(a);
    await call.ring();
    const lines: [VoiceHarness, string, RegExp][] = [
      [b, 'my vpn is broken', /Is the internet really working/],
      [a, 'it loads', /Which kind of VPN/],
      [b, 'sstp', /hotspot/],
    ];
    for (const [instance, words, expected] of lines) {
      const asked = call.last?.action ?? '';
      const params = {
        AccountSid: 'AC0123',
        CallSid: call.sid,
        From: ALICE,
        To: '+15550100',
        SpeechResult: words,
        Confidence: '0.9',
      };
      call.last = await instance.post(asked, params);
      expect(call.last.said).toMatch(expected);
    }
    expect((await a.composed.store.get(KEY))?.state.answers).toHaveLength(2);
  });
});

describe('a store outage', () => {
  it('is said to the caller, who is hung up on kindly, with a 200 Twilio can read', async () => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    h.composed.store.get = () => Promise.reject(new StoreUnavailableError('down'));
    const answer = await call.say('my vpn is broken');
    expect(answer.status).toBe(200);
    expect(answer.said).toBe(
      "Sorry, I can't reach my memory right now. Please call again in a minute. Goodbye.",
    );
    expect(answer.verbs.at(-1)?.name).toBe('Hangup');
  });
});

describe('odd and hostile input', () => {
  it.each<[string, Record<string, string>, RegExp]>([
    [
      'markup in the speech',
      { SpeechResult: '<Dial>+15559999999</Dial><Hangup/>', Confidence: '0.9' },
      /Sorry|VPN|error/i,
    ],
    ['binary in the speech', { SpeechResult: '\u0000\u0001\uFFFD\uD800 vpn', Confidence: '0.9' }, /./],
    ['letters in Digits', { Digits: '1a2b' }, /^Sorry, that's not one of the choices\./],
    ['markup in Digits', { Digits: '<Hangup/>' }, /^Sorry, that's not one of the choices\./],
    ['only the hash key', { Digits: '#' }, /^Sorry, I didn't hear anything\./],
    [
      'a confidence that is not a number',
      { SpeechResult: 'error 721', Confidence: 'NaN' },
      /^I heard error seven two one\. Is that right\?/,
    ],
    ['nothing at all', {}, /^Sorry, I didn't hear anything\./],
    ['a very long speech result', { SpeechResult: 'my vpn '.repeat(5000), Confidence: '0.9' }, /./],
  ])("%s: 200 with well-formed TwiML that only says the bot's words", async (_what, fields, expected) => {
    const h = await start();
    const call = new Call(h);
    await call.ring();
    const answer = await call.send(fields);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/xml/);
    expect(answer.said).toMatch(expected);
    expect(answer.verbs.some((v) => v.name === 'Dial')).toBe(false);
    expect(answer.body).not.toMatch(/<Hangup\/>/);
    expect(answer.said).not.toMatch(/15559999999|<|>/);
  });

  it('a megabyte body is refused with 413', async () => {
    const h = await start();
    const params = ring(callSid(), { SpeechResult: 'x'.repeat(1_000_000) });
    const answer = await h.post('/voice', params);
    expect(answer.status).toBe(413);
  });

  it('a binary body is refused without a 5xx', async () => {
    const h = await start();
    const res = await fetch(`${h.url}/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-twilio-signature': 'abc' },
      body: new Uint8Array([0, 255, 1, 254, 0x3c, 0x3e]),
    });
    expect(res.status).toBeLessThan(500);
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it.each([
    ['no CallSid', {}],
    ['a CallSid that is no call id', { CallSid: '../../etc/passwd' }],
  ])('%s, signed: 400', async (_what, fields) => {
    const h = await start();
    const params = { ...ring('CA0'), ...fields } as Record<string, string>;
    if (!('CallSid' in fields)) delete params.CallSid;
    const answer = await h.post('/voice', params);
    expect(answer.status).toBe(400);
  });

  it('a caller who hides their number is answered, keyed by the call, and offered no text', async () => {
    const h = await start();
    const call = new Call(h, 'anonymous');
    expect((await call.ring()).said).toMatch(/^Hi, I'm the VPN help bot/);
    const answer = await call.say('error 721');
    const offer = /To go on/.test(answer.said) ? await call.press('1') : answer;
    expect(offer.said).not.toMatch(/text/i);
    expect(await h.composed.store.get(`voice:call:${call.sid}`)).toBeDefined();
  });

  it.each(['GET', 'PUT'])('%s /voice: 405', async (method) => {
    const h = await start();
    const res = await fetch(`${h.url}/voice`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
