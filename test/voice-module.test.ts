// The voice line as the channel contract declares it (on with the SMS token and the public URL, off with why), and
// wired into the real server beside SMS.
import { describe, expect, it } from 'vitest';
import { voiceModule } from '../src/channels/voice/voice-module.ts';
import { SMS_ENV, startSmsHarness } from './helpers/sms-server.ts';
import { callSid, readTwiml } from './helpers/voice-server.ts';

const shared = { production: true, publicBaseUrl: 'https://bot.example.com' };
const read = (env: Record<string, string>, publicBaseUrl?: string) =>
  voiceModule.settings.read(voiceModule.settings.schema.parse(env), { ...shared, publicBaseUrl });

describe('the voice line on the channel contract', () => {
  it.each<[string, Record<string, string>, string | undefined, RegExp, boolean]>([
    ['no token', {}, shared.publicBaseUrl, /TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL/, false],
    ['no public URL', { TWILIO_AUTH_TOKEN: 't' }, undefined, /PUBLIC_BASE_URL/, false],
    ['VOICE=off', { TWILIO_AUTH_TOKEN: 't', VOICE: 'off' }, shared.publicBaseUrl, /VOICE=off/, false],
    ['token, no desk phone', { TWILIO_AUTH_TOKEN: 't' }, shared.publicBaseUrl, /HELPDESK_PHONE unset/, true],
    [
      'token and desk phone',
      { TWILIO_AUTH_TOKEN: 't', HELPDESK_PHONE: '+15550100199' },
      shared.publicBaseUrl,
      /put through to HELPDESK_PHONE/,
      true,
    ],
  ])('%s', (_what, env, base, why, on) => {
    const reading = read(env, base);
    expect(reading.why).toMatch(why);
    expect(reading.settings !== undefined).toBe(on);
  });

  it('carries what the webhooks are checked with', () => {
    expect(read({ TWILIO_AUTH_TOKEN: 't', VOICE_LANGUAGE: 'en-GB' }, shared.publicBaseUrl).settings).toEqual({
      authToken: 't',
      publicBaseUrl: 'https://bot.example.com',
      language: 'en-GB',
      helpdeskPhone: undefined,
      voice: undefined,
    });
    expect(voiceModule.name).toBe('voice');
  });
});

describe('the voice line in the real server', () => {
  it('answers a signed call at /voice and texts the steps through the SMS channel', async () => {
    const sms = await startSmsHarness();
    try {
      const post = async (path: string, params: Record<string, string>) => {
        const res = await fetch(`${sms.url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': sms.sign(params, path),
          },
          body: new URLSearchParams(params).toString(),
        });
        const body = await res.text();
        return { status: res.status, body, verbs: res.status === 200 ? readTwiml(body) : [] };
      };
      const call = { AccountSid: 'AC0123', CallSid: callSid(), From: '+15551234567', To: '+15550100' };
      const ring = await post('/voice', { ...call, CallStatus: 'ringing' });
      expect(ring.status).toBe(200);
      expect(ring.verbs[0]?.says.join(' ')).toMatch(/^Hi, I'm the VPN help bot/);
      const action = (v: (typeof ring.verbs)[number] | undefined) =>
        (v?.attrs.action ?? '').replace(SMS_ENV.PUBLIC_BASE_URL, '');
      let answer = await post(action(ring.verbs[0]), {
        ...call,
        SpeechResult: 'error 691',
        Confidence: '0.9',
      });
      if (/To go on/.test(answer.verbs[0]?.says.join(' ') ?? ''))
        answer = await post(action(answer.verbs[0]), { ...call, Digits: '1' });
      expect(answer.verbs[0]?.says.join(' ')).toMatch(/I can also text you the steps/);
      const texted = await post(action(answer.verbs[0]), { ...call, Digits: '2' });
      expect(texted.verbs[0]?.says.join(' ')).toMatch(/^Done\. I've sent the steps to your phone\./);
      const bodies = sms.api.delivered().map((m) => m.form.Body ?? '');
      expect(bodies.join('\n')).toMatch(/Error 691/);
      expect(sms.api.delivered().every((m) => m.form.To === '+15551234567')).toBe(true);
      const unsigned = await fetch(`${sms.url}/voice`, { method: 'POST', body: new URLSearchParams(call) });
      expect(unsigned.status).toBe(403);
    } finally {
      await sms.stop();
    }
  });
});
