// The NLU as the engine sees it: tables of what people type → the codes found and the intent understood.
import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load-content.ts';
import { extractCodes } from '../src/core/find-codes.ts';
import { createNlu, NLU_CONFIDENCE_THRESHOLD } from '../src/nlu/create-nlu.ts';
import { evaluateNlu } from '../src/nlu/evaluate.ts';
import { INTENTS } from '../src/nlu/intents.ts';
import { knownCodesOf } from '../src/nlu/known-codes.ts';
import { readLabelledFile } from '../src/nlu/labelled-file.ts';
import { words } from '../src/nlu/normalize.ts';
import { DEV_FILE, loadTrainingSet } from '../src/nlu/training-set.ts';

const knownCodes = knownCodesOf(loadContent().entries);
const nlu = createNlu({ knownCodes });
const known = new Set([721, 809, 691, 789, 868, 13801]);

describe('code extraction', () => {
  it.each<[string, number[]]>([
    ['error 721', [721]],
    ['err# 711', [711]],
    [
      'Error 809: The network connection between your computer and the VPN server could not be established',
      [809],
    ],
    ['13801', [13801]],
    ['it says 721', [721]],
    ['0x80092013', [0x80092013]],
    ['-2146885613', [0x80092013]],
    ['error code 0x800B0109', [0x800b0109]],
    ['Error 628/629', [628, 629]],
    ['errors 619 then 691', [619, 691]],
    ['error 9999', [9999]],
    ['#721', [721]],
    ['error721', [721]],
    ['the error number is 792', [792]],
    ['getting 691 for days', [691]],
    ['vpn fails with 812', [812]],
    ['721 again', [721]],
    ['error 80092013', [0x80092013]],
    ['the vpn fails with -2146762487', [0x800b0109]],
    ['error 721 after 30 seconds on windows 11', [721]],
    ['it went from error 691 to 809', [691, 809]],
    ['vpn error 721 and 721 again', [721]],
  ])('%j → %j', (text, codes) => {
    expect(extractCodes(text, known)).toEqual(codes);
  });

  it.each([
    'drops after 30 seconds',
    'the printer on floor 3',
    'room 1204',
    'room number 712',
    "I've tried 3 times",
    'windows 11',
    'port 443',
    'udp 500 and 4500',
    'L2TP needs ports 500, 4500 and 1701',
    'since 2024',
    'in 2024 the vpn worked',
    'call me at 555-123-4567',
    'call me on +1 617 555 0199',
    'vpn broken, call me on 0161 796 0000',
    'my extension is 4521',
    'ticket #12345',
    'at 9:30 the vpn died',
    'vpn dies at 17:30 every day',
    'my vpn broke on 12/03/2024',
    'vpn server 10.0.0.1',
    'verification code 123456',
    'my pin is 7211',
    'I have 750 unread emails and the vpn is down',
    'vpn drops every 720 seconds',
    'after installing KB5034441 the vpn broke',
    'chrome version 120',
  ])('%j → no code', (text) => {
    expect(extractCodes(text, known)).toEqual([]);
  });

  it('a bare number counts only when the knowledge base knows it (or it looks like a VPN error next to VPN words)', () => {
    expect(extractCodes('it happened 4321 again', known)).toEqual([]);
    expect(extractCodes('it happened 721 again', known)).toEqual([721]);
    expect(extractCodes('the vpn shows 633', new Set())).toEqual([633]);
  });
});

describe('intent classification', () => {
  it.each<[string, string]>([
    ['hi', 'greeting_help'],
    ['what can you do', 'greeting_help'],
    ['hotel wifi wants my room number', 'captive_portal'],
    ["vpn won't connect", 'vpn_problem'],
    ['cant connect to vpn', 'vpn_problem'],
    ['talk to a person', 'human'],
    ['can i talk to a person please', 'human'],
    ['my password keeps getting rejected by the vpn', 'credentials'],
    ['my pw is not accepted', 'credentials'],
    ['can you order me a new printer', 'out_of_scope'],
    ['i think my antivirus is blocking the vpn', 'security_software'],
    ['it says another vpn connection is already active', 'already_connected'],
    ['the vpn keeps disconnecting every few minutes', 'connection_drops'],
    ["i'm travelling next week, how do i test the vpn before i go", 'travel_prep'],
    ['websites load but the vpn fails, it works on my hotspot', 'protocol_blocked'],
    ['ping says could not find host', 'name_resolution'],
    ["I'm a new hire and not in the vpn group", 'not_authorized'],
    ['the vpn app crashes when I open it', 'client_software'],
    ['vpn kepps disconecting', 'connection_drops'],
    ['my pasword was rejectd', 'credentials'],
  ])('%j → %s, confidently', (text, intent) => {
    const heard = nlu.classify(text);
    expect(heard.intent).toBe(intent);
    expect(heard.confidence).toBeGreaterThanOrEqual(NLU_CONFIDENCE_THRESHOLD);
    expect(heard.codes).toEqual([]);
  });

  it.each(['error 721', 'the hotel wifi is fine but I get error 809', 'talk to a person about 0x80092013'])(
    '%j → error_code, whatever else it says',
    (text) => {
      expect(nlu.classify(text)).toMatchObject({ intent: 'error_code', confidence: 1 });
    },
  );

  it.each([
    'asdkjhasd qwpoe',
    '🙃🙃',
    '<script>alert(1)</script>',
    'x'.repeat(10_000),
    'lorem ipsum dolor sit amet',
    '',
    '   ',
    '\u0000\u0001\u0002',
  ])('garbage %j is out of scope or unsure', (text) => {
    const heard = nlu.classify(text);
    expect(heard.intent === 'out_of_scope' || heard.confidence < NLU_CONFIDENCE_THRESHOLD).toBe(true);
    expect(heard.confidence).toBeGreaterThanOrEqual(0);
    expect(heard.confidence).toBeLessThanOrEqual(1);
    expect(heard.codes).toEqual([]);
  });

  it('only ever answers with one of the 15 labels', () => {
    for (const text of ['vpn', 'help', 'ok', 'no', 'thanks', 'test', '?', 'vpn vpn vpn'])
      expect(INTENTS).toContain(nlu.classify(text).intent);
  });
});

describe('normalisation', () => {
  it.each<[string, string]>([
    ["I can't connect", 'i can not connect'],
    ['my pw doesnt work on wi-fi', 'my password does not work on wifi'],
    ['works on my phone hotspot, tethering too', 'works on my hotspot hotspot too'],
    ['pls call me, ty', 'please call me thanks'],
    ['user name or pass word', 'username or password'],
    ['DOMAIN\\jdoe or jdoe@contoso.com?', 'domain username or email address'],
  ])('%j reads as %j', (text, expected) => {
    expect(words(text).join(' ')).toBe(expected);
  });
});

describe('the data sets', () => {
  const training = loadTrainingSet();
  const dev = readLabelledFile(DEV_FILE);

  it('training has at least 40 phrasings per intent and dev at least 15', () => {
    for (const intent of INTENTS) {
      expect(training.filter((e) => e.intent === intent).length, intent).toBeGreaterThanOrEqual(40);
      expect(dev.filter((e) => e.intent === intent).length, intent).toBeGreaterThanOrEqual(15);
    }
  });

  it('no dev line is also a training line', () => {
    const seen = new Set(training.map((e) => e.text.trim().toLowerCase()));
    expect(dev.filter((e) => seen.has(e.text.trim().toLowerCase())).map((e) => e.text)).toEqual([]);
  });

  it('code lines carry their codes and only error_code lines do', () => {
    for (const e of [...training, ...dev]) expect(e.codes.length > 0, e.text).toBe(e.intent === 'error_code');
  });

  it('the dev set meets the target: accuracy ≥ 0.95, every code set right', () => {
    const report = evaluateNlu(nlu, dev);
    expect(report.mistakes.filter((m) => m.codes.join() !== m.expectedCodes.join())).toEqual([]);
    expect(report.codeAccuracy).toBe(1);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
