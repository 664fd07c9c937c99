// The SMS channel's small parts: splitting, GSM-7 friendliness, TwiML, keywords, numbers, opt-outs, outbound.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/app/logger.ts';
import { maskPhone, normalizePhone, smsKey } from '../src/channels/sms/phone-number.ts';
import { smsKeyword } from '../src/channels/sms/sms-keywords.ts';
import { gsmFriendly, MAX_SEGMENTS_PER_PART, smsText, splitSms } from '../src/channels/sms/sms-parts.ts';
import { createSmsRestClient, SmsSendError } from '../src/channels/sms/sms-rest-client.ts';
import { createSmsUserChannel } from '../src/channels/sms/sms-user-channel.ts';
import { escapeXml, twiml } from '../src/channels/sms/twiml.ts';
import type { Reply } from '../src/core/card.ts';
import { countSmsSegments } from '../src/render/sms-segments.ts';
import { createMemoryOptOutStore } from '../src/store/opt-out-store.ts';
import { createSqliteOptOutStore } from '../src/store/sqlite-opt-out-store.ts';
import { tempDataDir } from './helpers/web-server.ts';

const withinBudget = (parts: string[]) => {
  for (const p of parts) expect(countSmsSegments(p).segments, p).toBeLessThanOrEqual(MAX_SEGMENTS_PER_PART);
};
const unmark = (p: string) => p.replace(/^\(\d+\/\d+\) /, '');

describe('splitSms', () => {
  it('sends a text that fits as one unmarked part, and nothing for no text', () => {
    expect(splitSms('Hello there')).toEqual(['Hello there']);
    expect(splitSms('  \n ')).toEqual([]);
    const justFits = 'x'.repeat(153 * MAX_SEGMENTS_PER_PART);
    expect(splitSms(justFits)).toEqual([justFits]);
  });

  it('splits long text at line ends into marked parts; the last line stays whole in the last part', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `Line ${i + 1} says a few words about the VPN.`);
    const text = [...lines, 'Reply 1 Yes, fixed, 2 No, still broken, 3 Talk to a person'].join('\n');
    const parts = splitSms(text);
    expect(parts.length).toBeGreaterThan(1);
    withinBudget(parts);
    parts.forEach((p, i) => {
      expect(p.startsWith(`(${i + 1}/${parts.length}) `)).toBe(true);
    });
    expect(parts.at(-1)?.endsWith('\nReply 1 Yes, fixed, 2 No, still broken, 3 Talk to a person')).toBe(true);
    expect(parts.map(unmark).join('\n')).toBe(text);
  });

  it('splits a long line at spaces, and a word longer than a part inside the word', () => {
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    const parts = splitSms(words);
    withinBudget(parts);
    expect(parts.map(unmark).join(' ')).toBe(words);
    const blob = 'a'.repeat(2000);
    const blobParts = splitSms(blob);
    withinBudget(blobParts);
    expect(blobParts.map(unmark).join('')).toBe(blob);
  });

  it('packs UCS-2 text (an emoji, Greek) by the 67-unit part size and never splits a surrogate pair', () => {
    const text = `${'Γειά σου κόσμε 😀 '.repeat(40)}`.trim();
    const parts = splitSms(text);
    expect(parts.length).toBeGreaterThan(1);
    withinBudget(parts);
    for (const p of parts) expect(p).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('counts GSM-7 extension characters as two', () => {
    const text = '{}'.repeat(300);
    withinBudget(splitSms(text));
  });
});

describe('SMS text', () => {
  it('swaps typographic and other non-GSM characters and drops control characters', () => {
    expect(gsmFriendly('It’s “on” — see `ipconfig` → done…\u0007')).toBe(
      `It's "on" - see 'ipconfig' -> done...`,
    );
  });

  it('renders a card with numbered choices on its last line', () => {
    const replies: Reply[] = [
      { kind: 'text', text: 'Let’s check.' },
      {
        kind: 'card',
        card: {
          title: 'Question',
          blocks: [{ kind: 'text', text: 'Does it load?' }],
          actions: [
            { label: 'Yes', data: { type: 'choice', node: 'n', choice: 'yes', turn: 1 } },
            { label: 'No', data: { type: 'choice', node: 'n', choice: 'no', turn: 1 } },
          ],
          summary: 'Question',
        },
      },
    ];
    expect(smsText(replies)).toBe("Let's check.\nQuestion\nDoes it load?\nReply 1 Yes, 2 No");
  });
});

describe('TwiML', () => {
  it('escapes XML and says nothing with an empty <Response/>', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    expect(twiml([])).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(twiml(['1 < 2 & 3', 'two'])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>1 &lt; 2 &amp; 3</Message><Message>two</Message></Response>',
    );
  });
});

describe('carrier keywords', () => {
  it.each([
    ['STOP', 'opt_out'],
    ['stop!', 'opt_out'],
    [' Cancel ', 'opt_out'],
    ['stopall', 'opt_out'],
    ['UNSUBSCRIBE', 'opt_out'],
    ['end', 'opt_out'],
    ['quit', 'opt_out'],
    ['revoke', 'opt_out'],
    ['optout', 'opt_out'],
    ['START', 'opt_in'],
    ['unstop', 'opt_in'],
    ['Yes', 'maybe_opt_in'],
    ['HELP', 'help'],
    ['info', 'help'],
  ])('"%s" is %s', (body, expected) => {
    expect(smsKeyword(body)).toBe(expected);
  });

  it.each(['stop it', 'cancel my request', 'please stop', 'helpful', 'toString', 'constructor', ''])(
    '"%s" is no keyword',
    (body) => {
      expect(smsKeyword(body)).toBeUndefined();
    },
  );
});

describe('phone numbers', () => {
  it('normalises the usual ways of writing a number, and refuses what is not one', () => {
    expect(normalizePhone('+1 (555) 123-4567')).toBe('+15551234567');
    expect(normalizePhone('0044 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('+30.210.555.0100')).toBe('+302105550100');
    expect(normalizePhone('12345')).toBe('12345');
    for (const bad of ['', 'whatsapp:+15551234567', 'client:alice', '+1', '+1234567890123456', undefined, 42])
      expect(normalizePhone(bad)).toBeUndefined();
    expect(smsKey('+15551234567')).toBe('sms:+15551234567');
  });

  it('masks all but the last digits', () => {
    expect(maskPhone('+15551234567')).toBe('••••4567');
    expect(maskPhone('12345')).toBe('••••45');
  });
});

describe('opt-out stores', () => {
  it.each([
    ['memory', () => createMemoryOptOutStore()],
    ['sqlite', () => createSqliteOptOutStore(':memory:')],
  ])('%s: opt out, check, opt back in', async (_name, make) => {
    const store = make();
    expect(await store.isOptedOut('+15551234567')).toBe(false);
    await store.optOut('+15551234567', 1);
    await store.optOut('+15551234567', 2);
    expect(await store.isOptedOut('+15551234567')).toBe(true);
    expect(await store.isOptedOut('+15557654321')).toBe(false);
    expect(await store.optIn('+15551234567')).toBe(true);
    expect(await store.optIn('+15551234567')).toBe(false);
    expect(await store.isOptedOut('+15551234567')).toBe(false);
    await store.close();
  });

  it('the SQLite file keeps a hash, not the number, and a closed store rejects', async () => {
    const file = join(tempDataDir(), 'vpnbot.sqlite');
    const store = createSqliteOptOutStore(file);
    await store.optOut('+15551234567', 1);
    await store.close();
    expect(readFileSync(file).toString('latin1')).not.toContain('5551234567');
    const reopened = createSqliteOptOutStore(file);
    expect(await reopened.isOptedOut('+15551234567')).toBe(true);
    await reopened.close();
    await expect(reopened.isOptedOut('+15551234567')).rejects.toThrow(/opt-out store failed/);
  });
});

describe('outbound SMS', () => {
  const ok = async () => new Response('{"sid":"SM1"}', { status: 201 });

  it('posts the form with Basic auth, and rejects on a non-2xx answer or a network failure', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const send = createSmsRestClient({
      apiUrl: 'https://sms.example.test',
      accountSid: 'AC1',
      authToken: 'tok',
      fetch: async (url, init) => {
        seen.push({ url: String(url), init: init ?? {} });
        return ok();
      },
    });
    await send('+15551234567', '+15550100', 'Hi & bye');
    expect(seen[0]?.url).toBe('https://sms.example.test/2010-04-01/Accounts/AC1/Messages.json');
    expect(new Headers(seen[0]?.init.headers).get('authorization')).toBe(
      `Basic ${Buffer.from('AC1:tok').toString('base64')}`,
    );
    expect(Object.fromEntries(new URLSearchParams(String(seen[0]?.init.body)))).toEqual({
      To: '+15551234567',
      From: '+15550100',
      Body: 'Hi & bye',
    });

    const refusing = createSmsRestClient({
      apiUrl: 'https://sms.example.test',
      accountSid: 'AC1',
      authToken: 'tok',
      fetch: async () => new Response('{"code":21211,"message":"bad To"}', { status: 400 }),
    });
    await expect(refusing('+1', '+2', 'x')).rejects.toThrow(/answered 400 \(code 21211\)/);
    const down = createSmsRestClient({
      apiUrl: 'https://sms.example.test',
      accountSid: 'AC1',
      authToken: 'tok',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    await expect(down('+1', '+2', 'x')).rejects.toBeInstanceOf(SmsSendError);
  });

  it('the user channel drops messages for opted-out numbers and bad addresses, and throws without a From', async () => {
    const sent: string[] = [];
    const optOuts = createMemoryOptOutStore();
    const log = createLogger('silent');
    const channel = createSmsUserChannel({
      send: async (to, from, body) => void sent.push(`${to}<${from}: ${body}`),
      fromNumber: '+15550100',
      optOuts,
      log,
    });
    const hello: Reply[] = [{ kind: 'text', text: 'Hello' }];
    await channel.send({ number: '+15551234567' }, hello);
    await channel.send({ number: '+15551234567', via: '+15550177' }, hello);
    await channel.send({ nonsense: true }, hello);
    await optOuts.optOut('+15551234567', 1);
    await channel.send({ number: '+15551234567' }, hello);
    expect(sent).toEqual(['+15551234567<+15550100: Hello', '+15551234567<+15550177: Hello']);

    const noFrom = createSmsUserChannel({ send: async () => {}, optOuts: createMemoryOptOutStore(), log });
    await expect(noFrom.send({ number: '+15551234567' }, hello)).rejects.toThrow(/TWILIO_FROM_NUMBER/);
  });
});
