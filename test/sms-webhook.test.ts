// POST /sms end to end: signed Twilio-style form posts through the real server, answered with TwiML.
import { describe, expect, it } from 'vitest';
import { MAX_SEGMENTS_PER_PART } from '../src/channels/sms/sms-parts.ts';
import { countSmsSegments } from '../src/render/sms-segments.ts';
import { startForeignHost } from './helpers/foreign-host.ts';
import { startHandoffHarness } from './helpers/handoff-server.ts';
import { messageSid, SMS_ENV, type SmsAnswer, startSmsHarness } from './helpers/sms-server.ts';
import { stoppedAfterEach } from './helpers/stopped-after-each.ts';

const start = stoppedAfterEach(startSmsHarness);

const ALICE = '+15551234567';
const KEY = `sms:${ALICE}`;

/** Every part is plain GSM-7 within the chosen segment budget (160 characters per segment). */
const expectSmsSized = (answer: SmsAnswer) => {
  expect(answer.status).toBe(200);
  expect(answer.contentType).toMatch(/^text\/xml/);
  for (const part of answer.messages) {
    const count = countSmsSegments(part);
    expect(count.encoding, part).toBe('GSM-7');
    expect(count.segments, part).toBeLessThanOrEqual(MAX_SEGMENTS_PER_PART);
    expect(count.units, part).toBeLessThanOrEqual(160 * MAX_SEGMENTS_PER_PART);
  }
};
const said = (a: SmsAnswer) => a.messages.join('\n');
const lastLine = (a: SmsAnswer) =>
  a.messages
    .at(-1)
    ?.replace(/^\(\d+\/\d+\) /, '')
    .split('\n')
    .at(-1) ?? '';

describe('a triage over SMS', () => {
  it('runs start to finish answered by numbers only', async () => {
    const h = await start();
    const steps: [string, RegExp][] = [
      ['1', /Reply 1 Start VPN troubleshooting, 2 Look up an error code$/],
      ['1', /Is the internet really working[\s\S]*Reply 1 It loads, 2 Sign-in page, 3 Nothing loads$/],
      ['1', /Which kind of VPN[\s\S]*Reply 1 SSTP, 2 IKEv2/],
      ['1', /phone's hotspot[\s\S]*Reply 1 Yes, it works there/],
      ['1', /This network blocks the VPN[\s\S]*Reply 1 Yes, fixed, 2 No, still broken, 3 Talk to a person$/],
      ['1', /Glad you're connected again/],
    ];
    for (const [body, expected] of steps) {
      const answer = await h.text(ALICE, body);
      expectSmsSized(answer);
      expect(said(answer).replace(/\(\d\/\d\) /g, '')).toMatch(expected);
    }
    expect((await h.composed.store.get(KEY))?.state.phase).toBe('done');
  });

  it('understands answers in words', async () => {
    const h = await start();
    const words = [
      ['my vpn will not connect', /Is the internet really working/],
      ['it loads', /Which kind of VPN/],
      ['sstp', /hotspot/],
      ['yes, it works there', /This network blocks the VPN/],
      ['still broken', /let's check the next thing[\s\S]*Has this VPN ever worked for you before/],
    ] as const;
    for (const [body, expected] of words) {
      const answer = await h.text(ALICE, body);
      expectSmsSized(answer);
      expect(said(answer)).toMatch(expected);
    }
    const state = (await h.composed.store.get(KEY))?.state;
    expect(state?.answers.map((a) => a.choice)).toHaveLength(3);
  });

  it('explains a code in numbered parts, the choices in the last one', async () => {
    const h = await start();
    const answer = await h.text(ALICE, 'err 721');
    expectSmsSized(answer);
    expect(answer.messages.length).toBeGreaterThan(1);
    answer.messages.forEach((m, i) => {
      expect(m.startsWith(`(${i + 1}/${answer.messages.length}) `)).toBe(true);
    });
    expect(said(answer)).toMatch(/Error 721/);
    expect(lastLine(answer)).toBe('Reply 1 Yes, fixed, 2 No, still broken, 3 Talk to a person');
    expect(said(answer)).not.toMatch(/[“”’–—…•]/);
  });

  it('keys the conversation by the normalised number', async () => {
    const h = await start();
    await h.text('+1 (555) 123-4567', 'err 721');
    expect(await h.composed.store.get(KEY)).toBeDefined();
    await h.text('001 555 123 4567', '2');
    expect((await h.composed.store.get(KEY))?.state.shown.length).toBeGreaterThan(1);
  });
});

describe('awkward messages', () => {
  it('a 10,000-character message is cut, not crashed on', async () => {
    const h = await start();
    const answer = await h.text(ALICE, `my vpn is broken ${'a'.repeat(10_000)}`);
    expectSmsSized(answer);
    expect(answer.messages.length).toBeGreaterThan(0);
  });

  it.each([
    ['Greek', 'Το VPN δεν συνδέεται καθόλου'],
    ['an emoji', '😡😡 vpn will not connect'],
    ['Chinese', 'VPN 连接失败 错误 721'],
  ])('a message in %s gets a plain GSM-7 answer', async (_what, body) => {
    const h = await start();
    const answer = await h.text(ALICE, body);
    expectSmsSized(answer);
    expect(answer.messages.length).toBeGreaterThan(0);
  });

  it('a picture from a host that is not the provider is never fetched; the user is asked to type', async () => {
    const h = await start();
    const foreign = await startForeignHost();
    try {
      const answer = await h.text(ALICE, '', {
        NumMedia: '1',
        MediaUrl0: `${foreign.url}/2010-04-01/Accounts/${SMS_ENV.TWILIO_ACCOUNT_SID}/Messages/MM1/Media/ME1`,
        MediaContentType0: 'image/png',
      });
      expectSmsSized(answer);
      expect(said(answer)).toMatch(/couldn't open that picture/);
      expect(foreign.requests).toEqual([]);
    } finally {
      await foreign.close();
    }
  });

  it('XML in a message never breaks the TwiML', async () => {
    const h = await start();
    const answer = await h.text(ALICE, '</Message><Message>pwned</Message> & <b>');
    expect(answer.status).toBe(200);
    expect(answer.xml).not.toContain('pwned</Message>');
    expect(answer.xml.match(/<Message>/g)?.length ?? 0).toBe(answer.messages.length);
  });
});

describe('carrier keywords', () => {
  it('STOP forgets the conversation and silences the bot until START', async () => {
    const h = await start();
    await h.text(ALICE, 'err 721');
    expect(await h.composed.store.get(KEY)).toBeDefined();

    const stop = await h.text(ALICE, 'STOP');
    expect(stop.status).toBe(200);
    expect(stop.xml).toMatch(/<Response\/>$/);
    expect(await h.composed.store.get(KEY)).toBeUndefined();

    for (const body of ['err 721', 'hello?', '1', 'talk to a person']) {
      const quiet = await h.text(ALICE, body);
      expect(quiet.messages).toEqual([]);
    }
    expect(await h.composed.store.get(KEY)).toBeUndefined();

    const back = await h.text(ALICE, 'start');
    expectSmsSized(back);
    expect(said(back)).toMatch(/You're back on[\s\S]*Reply 1 Start VPN troubleshooting/);
    expect(said(await h.text(ALICE, 'err 721'))).toMatch(/Error 721/);
  });

  it.each(['stop', 'Stop.', 'STOPALL', 'unsubscribe', 'CANCEL', 'end', 'Quit', 'optout'])(
    '"%s" alone opts out',
    async (word) => {
      const h = await start();
      await h.text(ALICE, 'err 721');
      expect((await h.text(ALICE, word)).messages).toEqual([]);
      expect((await h.text(ALICE, 'err 721')).messages).toEqual([]);
      expect(said(await h.text(ALICE, 'UNSTOP'))).toMatch(/You're back on/);
    },
  );

  it('YES opts back in only while opted out; otherwise it is an answer', async () => {
    const h = await start();
    await h.text(ALICE, 'my vpn will not connect');
    await h.text(ALICE, 'it loads');
    await h.text(ALICE, 'sstp');
    expect(said(await h.text(ALICE, 'yes'))).not.toMatch(/You're back on/);
    await h.text(ALICE, 'stop');
    expect(said(await h.text(ALICE, 'YES'))).toMatch(/You're back on/);
  });

  it('words around a keyword are not a keyword ("cancel my request" withdraws a handoff)', async () => {
    const h = await start();
    await h.text(ALICE, 'talk to a person');
    const answer = await h.text(ALICE, 'cancel my request');
    expect(said(answer)).toMatch(/withdrawn your request/);
    expect((await h.text(ALICE, 'err 721')).messages.length).toBeGreaterThan(0);
  });

  it('HELP and INFO say what this is and how to reach the desk, even when opted out', async () => {
    const h = await start();
    for (const word of ['HELP', 'info']) {
      const answer = await h.text(ALICE, word);
      expectSmsSized(answer);
      expect(answer.messages).toHaveLength(1);
      expect(countSmsSegments(answer.messages[0] ?? '').segments).toBe(1);
      expect(said(answer)).toMatch(/VPN help bot[\s\S]*IT Service Desk 555-0199[\s\S]*STOP/);
    }
    await h.text(ALICE, 'stop');
    expect(said(await h.text(ALICE, 'help'))).toMatch(/VPN help bot/);
    expect(await h.composed.store.get(KEY)).toBeUndefined();
  });

  it('the opt-out survives a restart (it is kept in the SQLite file)', async () => {
    const first = await start();
    await first.text(ALICE, 'stop');
    await first.stop();
    const second = await start({}, { dataDir: first.dataDir });
    expect((await second.text(ALICE, 'err 721')).messages).toEqual([]);
    expect(said(await second.text(ALICE, 'start'))).toMatch(/You're back on/);
  });
});

describe('the webhook is guarded', () => {
  const params = () => ({
    AccountSid: SMS_ENV.TWILIO_ACCOUNT_SID,
    MessageSid: messageSid(),
    From: ALICE,
    To: SMS_ENV.TWILIO_FROM_NUMBER,
    Body: 'err 721',
    NumMedia: '0',
  });

  it('a bad, missing or misplaced signature gets 403 and changes nothing', async () => {
    const h = await start();
    const p = params();
    const signed = h.sign(p);
    const attempts: [Record<string, string>, string | undefined][] = [
      [p, undefined],
      [p, ''],
      [p, 'bm90IGEgc2lnbmF0dXJl'],
      [{ ...p, Body: 'talk to a person' }, signed],
      [{ ...p, From: '+15559999999' }, signed],
      [p, h.sign(p, '/other')],
      [p, signed.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))],
    ];
    for (const [body, signature] of attempts) {
      const answer = await h.post(body, signature);
      expect(answer.status).toBe(403);
      expect(answer.messages).toEqual([]);
    }
    expect(await h.composed.store.get(KEY)).toBeUndefined();
    expect(await h.composed.store.get('sms:+15559999999')).toBeUndefined();
    // The same request, correctly signed, goes through, so nothing above was refused for another reason.
    expect((await h.post(p, signed)).messages.length).toBeGreaterThan(0);
  });

  it('a signature made with another auth token is refused', async () => {
    const h = await start();
    const other = await start({ TWILIO_AUTH_TOKEN: 'another-token' });
    const p = params();
    expect((await h.post(p, other.sign(p))).status).toBe(403);
  });

  it("a replayed MessageSid is applied once: a turn's replay gets the same answer again, a keyword's nothing", async () => {
    const h = await start();
    for (const [body, replayed] of [
      ['err 721', 'the same answer'],
      ['HELP', 'nothing'],
      ['STOP', 'nothing'],
    ] as const) {
      const p = { ...params(), Body: body };
      const signature = h.sign(p);
      const first = await h.post(p, signature);
      expect(first.status).toBe(200);
      const replay = await h.post(p, signature);
      expect(replay.status).toBe(200);
      if (replayed === 'nothing') expect(replay.xml).toMatch(/<Response\/>$/);
      else {
        expect(first.xml).toMatch(/721/);
        expect(replay.xml).toBe(first.xml);
      }
    }
  });

  it('a signed request without a phone number in From is refused with 400', async () => {
    const h = await start();
    const p = { ...params(), From: 'whoever' };
    expect((await h.post(p, h.sign(p))).status).toBe(400);
  });

  it('only POST is served, and without TWILIO_AUTH_TOKEN there is no /sms at all', async () => {
    const h = await start();
    expect((await fetch(`${h.url}/sms`)).status).toBe(405);
    const off = await startHandoffHarness();
    try {
      const res = await fetch(`${off.url}/sms`, { method: 'POST', body: 'From=%2B15551234567&Body=hi' });
      expect(res.status).toBe(404);
    } finally {
      await off.stop();
    }
  });
});

describe('a store outage', () => {
  it('answers 200 with the short "try again" text (the provider does not retry inbound webhooks)', async () => {
    const h = await start();
    await h.composed.store.close();
    const answer = await h.text(ALICE, 'err 721');
    expectSmsSized(answer);
    expect(said(answer)).toBe(h.composed.bot.unavailableText());
  });

  it('STOP during an outage still gets silence, never a text', async () => {
    const h = await start();
    await h.composed.store.close();
    const answer = await h.text(ALICE, 'STOP');
    expect(answer.status).toBe(200);
    expect(answer.xml).toMatch(/<Response\/>$/);
  });
});
