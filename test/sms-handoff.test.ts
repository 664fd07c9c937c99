// A handoff started over SMS: the agent claims it on the console and their words reach the user by the SMS REST API.
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MAX_SEGMENTS_PER_PART } from '../src/channels/sms/sms-parts.ts';
import { countSmsSegments } from '../src/render/sms-segments.ts';
import { SMS_ENV, type SmsHarness, startSmsHarness } from './helpers/sms-server.ts';
import { stoppedAfterEach } from './helpers/stopped-after-each.ts';

const start = stoppedAfterEach(startSmsHarness);

const ALICE = '+15551234567';

/** Alice asks for a person over SMS; returns the queued case as the console lists it. */
const queued = async (h: SmsHarness) => {
  await h.text(ALICE, 'err 809');
  const answer = await h.text(ALICE, 'talk to a person');
  expect(answer.messages.join('\n')).toMatch(/Getting you a person/);
  const { json } = await h.agentApi('/cases');
  return json.cases[0] as { id: string; status: string };
};

describe('handoff over SMS', () => {
  it('the agent sees a masked number; claim and messages reach the user through the SMS API', async () => {
    const h = await start();
    const { id, status } = await queued(h);
    expect(status).toBe('queued');
    const everything = JSON.stringify((await h.agentApi('/cases')).json);
    expect(everything).toContain('SMS user ••••4567');
    expect(everything).not.toMatch(/555\D?123\D?4567/);

    expect((await h.agentApi(`/cases/${id}/claim`, { agent: 'Dana' })).status).toBe(200);
    await h.composed.handoffs.dispatch();
    expect(
      (
        await h.agentApi(`/cases/${id}/messages`, {
          agent: 'Dana',
          text: 'Try your phone’s hotspot & say "ok"',
        })
      ).status,
    ).toBe(200);
    await h.composed.handoffs.dispatch();

    const sent = h.api.delivered();
    expect(sent.map((s) => s.form.Body)).toEqual([
      expect.stringMatching(/Dana from the help desk has joined/),
      `Dana: Try your phone's hotspot & say "ok"`,
    ]);
    for (const s of sent) {
      expect(s.path).toBe(`/2010-04-01/Accounts/${SMS_ENV.TWILIO_ACCOUNT_SID}/Messages.json`);
      expect(s.contentType).toBe('application/x-www-form-urlencoded');
      expect(s.authorization).toBe(
        `Basic ${Buffer.from(`${SMS_ENV.TWILIO_ACCOUNT_SID}:${SMS_ENV.TWILIO_AUTH_TOKEN}`).toString('base64')}`,
      );
      expect(s.form).toMatchObject({ To: ALICE, From: SMS_ENV.TWILIO_FROM_NUMBER });
    }

    const reply = await h.text(ALICE, 'on the hotspot it connects');
    expect(reply.xml).toMatch(/<Response\/>$/);
    const lines = (await h.agentApi('/cases')).json.cases[0].lines.map(
      (l: { from: string; text: string }) => `${l.from}: ${l.text}`,
    );
    expect(lines).toContain('user: on the hotspot it connects');

    await h.agentApi(`/cases/${id}/close`, { agent: 'Dana', note: 'Hotel network blocks SSTP' });
    await h.composed.handoffs.dispatch();
    expect(h.api.delivered().at(-1)?.form.Body).toMatch(/Dana has closed your case[\s\S]*Reply 1 Yes, fixed/);
  });

  it('texts sent while the case waits reach the case in order, and the user is told so', async () => {
    const h = await start();
    await queued(h);
    expect((await h.text(ALICE, 'hello anyone there?')).messages.join('\n')).toMatch(/Added to your case/);
    await h.text(ALICE, 'i have a meeting at 3');
    const lines = (await h.agentApi('/cases')).json.cases[0].lines
      .filter((l: { from: string }) => l.from === 'user')
      .map((l: { text: string }) => l.text);
    expect(lines.slice(-2)).toEqual(['hello anyone there?', 'i have a meeting at 3']);
  });

  it('answers from the number the user texted', async () => {
    const h = await start();
    await h.text(ALICE, 'talk to a person', { To: '+15550177' });
    const { id } = (await h.agentApi('/cases')).json.cases[0];
    await h.agentApi(`/cases/${id}/claim`, { agent: 'Dana' });
    await h.composed.handoffs.dispatch();
    expect(h.api.delivered()[0]?.form).toMatchObject({ To: ALICE, From: '+15550177' });
  });

  it('when the SMS API fails, the message is retried after the backoff and arrives', async () => {
    const h = await start();
    const { id } = await queued(h);
    await h.agentApi(`/cases/${id}/claim`, { agent: 'Dana' });
    await h.composed.handoffs.dispatch();
    expect(h.api.delivered()).toHaveLength(1);

    h.api.failNext(2);
    await h.agentApi(`/cases/${id}/messages`, { agent: 'Dana', text: 'Are you on the hotel wifi?' });
    await h.composed.handoffs.dispatch();
    expect(h.api.requests.at(-1)?.status).toBe(500);
    expect(h.api.delivered()).toHaveLength(1);

    await h.composed.handoffs.dispatch();
    expect(h.api.requests).toHaveLength(2); // not again before the backoff is over

    h.clock.now += 6_000; // the first retry waits 5 s, give or take 10 %
    await h.composed.handoffs.dispatch();
    expect(h.api.requests.at(-1)?.status).toBe(500);
    expect(h.api.delivered()).toHaveLength(1);

    h.clock.now += 11_000; // the second waits 10 s
    await h.composed.handoffs.dispatch();
    expect(h.api.delivered().map((s) => s.form.Body)).toContain('Dana: Are you on the hotel wifi?');
  });

  it('a long agent message is split into numbered parts, each within the segment budget', async () => {
    const h = await start();
    const { id } = await queued(h);
    await h.agentApi(`/cases/${id}/claim`, { agent: 'Dana' });
    const long = Array.from({ length: 30 }, (_, i) => `Step ${i + 1}: check the setting and tell me.`).join(
      ' ',
    );
    await h.agentApi(`/cases/${id}/messages`, { agent: 'Dana', text: long });
    await h.composed.handoffs.dispatch();
    const parts = h.api.delivered().slice(1);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((p, i) => {
      expect(p.form.Body?.startsWith(`(${i + 1}/${parts.length}) `)).toBe(true);
      const count = countSmsSegments(p.form.Body ?? '');
      expect(count.encoding).toBe('GSM-7');
      expect(count.segments).toBeLessThanOrEqual(MAX_SEGMENTS_PER_PART);
    });
    expect(parts.map((p) => p.form.Body?.replace(/^\(\d+\/\d+\) /, '')).join(' ')).toContain('Step 30');
  });

  it('STOP while queued withdraws the case; nothing is texted afterwards', async () => {
    const h = await start();
    await queued(h);
    expect((await h.text(ALICE, 'STOP')).messages).toEqual([]);
    const c = (await h.agentApi('/cases')).json.cases[0];
    expect(c.status).toBe('cancelled');
    expect(await h.composed.store.get(`sms:${ALICE}`)).toBeUndefined();
  });

  it('STOP while an agent has the case tells the agent, and the agent’s messages are no longer sent', async () => {
    const h = await start();
    const { id } = await queued(h);
    await h.agentApi(`/cases/${id}/claim`, { agent: 'Dana' });
    await h.composed.handoffs.dispatch();
    const before = h.api.requests.length;
    expect((await h.text(ALICE, 'stop')).messages).toEqual([]);
    const c = (await h.agentApi('/cases')).json.cases[0];
    expect(c.lines.at(-1).text).toMatch(/texted STOP/);
    await h.agentApi(`/cases/${id}/messages`, { agent: 'Dana', text: 'Hello?' });
    await h.composed.handoffs.dispatch();
    h.clock.now += 600_000;
    await h.composed.handoffs.dispatch();
    expect(h.api.requests).toHaveLength(before);
  });
});

describe('privacy', () => {
  it('logs carry neither the phone number nor the message text', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const h = await start({}, { log: pino({ level: 'trace' }, sink) });
    await h.text(ALICE, 'my secret words about err 809');
    await h.text(ALICE, 'talk to a person');
    const { id } = (await h.agentApi('/cases')).json.cases[0];
    await h.agentApi(`/cases/${id}/claim`, { agent: 'Dana' });
    h.api.failNext(1);
    await h.composed.handoffs.dispatch();
    await h.text(ALICE, 'STOP');
    const log = lines.join('');
    expect(log).toContain('••••4567');
    expect(log).not.toMatch(/555\D?123\D?4567/);
    expect(log).not.toContain('secret words');
  });
});
