// The SMS webhook's signature check at its edges (issue 12, found by mutation testing): what a refused caller is
// told and what the operator's log says, and a body that is not a form is read as an empty form, never a 5xx.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { messageSid, SMS_ENV, type SmsHarness, startSmsHarness } from './helpers/sms-server.ts';

const running: SmsHarness[] = [];
afterEach(async () => {
  for (const h of running.splice(0)) await h.stop();
});

async function start() {
  const logged: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  const h = await startSmsHarness({}, { log });
  running.push(h);
  return { h, logged };
}

const params = () => ({
  AccountSid: SMS_ENV.TWILIO_ACCOUNT_SID,
  MessageSid: messageSid(),
  From: '+15551230001',
  To: SMS_ENV.TWILIO_FROM_NUMBER,
  Body: 'err 721',
});

describe('a refused SMS webhook call', () => {
  it('is told "invalid signature" in plain text, and the log says which path was refused', async () => {
    const { h, logged } = await start();
    const p = params();
    const forged = h.sign({ ...p, Body: 'err 809' });
    const res = await fetch(`${h.url}/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': forged },
      body: new URLSearchParams(p).toString(),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('invalid signature');
    expect(logged.filter((l) => l.msg === 'sms: request with a missing or bad signature refused')).toEqual([
      expect.objectContaining({ path: '/sms' }),
    ]);
  });

  it('a JSON body signed as an empty form is read as one: no From, 400, never a 5xx', async () => {
    const { h } = await start();
    const res = await fetch(`${h.url}/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twilio-signature': h.sign({}) },
      body: JSON.stringify(params()),
    });
    expect(res.status).toBe(400);
  });
});
