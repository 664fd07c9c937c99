// The code reader at its edges (issue 12, found by mutation testing): how long a number may be after each kind of
// cue, the 32-bit limits of HRESULTs, look-alike letters, lists of codes, and the numbers that are not codes.
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../src/content/load-knowledge.ts';
import { bareCode, extractCodes } from '../src/core/find-codes.ts';
import { parseCodeArg } from '../src/core/parse-code.ts';
import { knownCodesOf } from '../src/nlu/known-codes.ts';

const known = knownCodesOf(loadKnowledge());
const nothingKnown = { has: () => false };

describe('codes found in a sentence', () => {
  it.each<[string, number[], number[]]>([
    // [what the user wrote, codes read (this knowledge base), codes read (a knowledge base that knows none)]
    ['error 7', [], []],
    ['error 12', [12], [12]],
    ['error 123456', [], []],
    ['error 2148204812', [2148204812], [2148204812]],
    ['error 2147483647', [], []],
    ['error 4294967296', [], []],
    ['error -2147483648', [2147483648], [2147483648]],
    ['error -2147483649', [], []],
    ['error 0x1', [1], [1]],
    ['error 0x800B01091', [], []],
    ['error 800b0109', [0x800b0109], [0x800b0109]],
    ['it says 800b0109', [0x800b0109], [0x800b0109]],
    ['800b0109 again', [], []],
    ['it says 72', [], []],
    ['it says 721', [721], [721]],
    ['it says 123456', [], []],
    ['it shows 721 again', [721], [721]],
    ['error number is 691', [691], [691]],
    ['error: the the the 691', [691], []],
    ['failed with 691', [691], [691]],
    ['crashed with 691', [691], [691]],
    ['with 691', [691], []],
    ['it failed after 691', [], []],
    ['# 721', [721], [721]],
    ['721 and 809', [721, 809], []],
    ['721, 809 & 812', [721, 809, 812], []],
    ['error 721 or 809 or 812', [721, 809, 812], [721, 809, 812]],
    ['721 then 5 minutes', [721], []],
    ['error 721 for 3 days', [721], [721]],
    ['ports 443 and 1723', [], []],
    ['code 1 2 3 691', [], []],
    ['verification code 493817', [], []],
    ['my access code 7788', [], []],
    ['got 721 emails', [], []],
    ['getting 721 unread emails', [], []],
    ['l38O1', [13801], [13801]],
    ['8OO', [800], [800]],
    ['72l', [721], [721]],
    ['IO', [], []],
    ['oil', [], []],
    ['Ox80092013', [0x80092013], [0x80092013]],
    ['0x800B01O9', [0x800b0109], [0x800b0109]],
    ['err721', [721], [721]],
    ['code809', [809], [809]],
    ['error721x', [], []],
    ['error 2147483648', [2147483648], [2147483648]],
    ['error 4294967295', [4294967295], [4294967295]],
    ['error 180092013', [], []],
    ['error 800920130', [], []],
    ['IKE error 13868 on connect', [13868], [13868]],
    ['error 45 and then 46', [45, 46], [45, 46]],
    ['error 809 drops my call', [809], [809]],
    ['login error 13 when I connect', [13], [13]],
    ['mfa error 45 on my phone', [45], [45]],
    ['the sms codes 4012 and 4013 never arrived', [], []],
    ['since xcode15 the vpn is broken', [], []],
    ['#4012 again since this morning', [4012], [4012]],
    ['the vpn server crashed with 800 sessions open', [], []],
    ['we have 721 vms', [], []],
    ['721 vs 809 on two laptops', [721, 809], []],
    ['RasClient event 20227-809', [809], []],
    ['on 4g 809 but on wifi it works', [809], []],
    ["721 that's the one", [721], []],
    ["getting 721 it's nuts", [721], [721]],
    ['windows 10 0x80092013 when connecting', [0x80092013], [0x80092013]],
    ['windows 11 -2146885613 on connect', [0x80092013], [0x80092013]],
    ['-2146885613 in the event log', [0x80092013], [0x80092013]],
    ['0x800B0I09', [0x800b0109], [0x800b0109]],
    ['IKE error |38O1', [13801], [13801]],
    ['error 8O|O', [8010], [8010]],
    // look-alike letters are read in 3–5 character numbers and in 8-digit hex HRESULTs only
    ['error 214820481l', [], []],
    ['error 0x800B01O91', [], []],
  ])('%j reads as %j (%j when no code is known)', (text, codes, codesWhenNoneKnown) => {
    expect(extractCodes(text, known)).toEqual(codes);
    expect(extractCodes(text, nothingKnown)).toEqual(codesWhenNoneKnown);
  });
});

// Beside VPN words a bare 600–899 or 13800–13999 is read as a Windows VPN error, so everything else that carries
// those digits (links, addresses, times, dates, phone numbers, prices, counts) must be left out first.
describe('numbers beside VPN words', () => {
  it.each<[string, number[]]>([
    ['vpn: see https://help.example.com/721', []],
    ['vpn: see www.example.com/721', []],
    ['vpn: mail 721@example.com', []],
    ['vpn: mail it.721@example.com', []],
    ['vpn version 7.21.1', []],
    ['vpn dropped at 7:21', []],
    ['vpn dropped at 7:21:05 pm', []],
    ['vpn since 2024-07-21', []],
    ['vpn since 7/21/2024', []],
    ['vpn since 7/21', []],
    ['vpn line +1 555 721 0199', []],
    ['vpn line (555) 721-0199', []],
    ['vpn line 555-721-0199', []],
    ['vpn line 721-0199', []],
    ['vpn line 0207 721019', []],
    ['vpn line 020 7210 1999', []],
    ['vpn costs $721', []],
    ['vpn costs €7,21', []],
    ['vpn at 72%', []],
    ['vpn at 721 %', []],
    ['vpn 721 times', []],
    ['vpn 721 tries', []],
    ['vpn 721 laptops', []],
    ['vpn 721 new laptops', []],
    ['vpn 599', []],
    ['vpn 900', []],
    ['vpn 14000', []],
    ['room 721', []],
    ['vpn 721', [721]],
    ['vpn 899', [899]],
    ['vpn 13801', [13801]],
    ['the vpn tunnel says 721', [721]],
    ['vpn disconnects 721', [721]],
    ['vpn 721 is back', [721]],
    ['vpn 721 keeps coming back', [721]],
    ['remote access 809', [809]],
    ['vpn error 721/809', [721, 809]],
    ['vpn error 721-809', [721, 809]],
    ['vpn error 721 - 809', [721, 809]],
    ['vpn error 721 and then 809', [721, 809]],
    ['vpn error 721 also 5 users', [721]],
    ['error 721 at 10:45', [721]],
    ['port 721 and error 809', [809]],
    ['error 721 809', [721, 809]],
  ])('%j reads as %j, whatever the knowledge base knows', (text, codes) => {
    expect(extractCodes(text, known)).toEqual(codes);
    expect(extractCodes(text, nothingKnown)).toEqual(codes);
  });
});

describe('a long paste', () => {
  const filler = 'the vpn log goes on and on. '.repeat(40);
  it.each<[string, string, number[]]>([
    ['a code in the first 1000 characters is read', `error 4012 ${filler}`, [4012]],
    ['a code after the first 1000 characters is not', `${filler} error 4012`, []],
  ])('%s', (_what, text, codes) => {
    expect(extractCodes(text, nothingKnown)).toEqual(codes);
  });
});

describe('a code on its own (/vpncode, a search box)', () => {
  it.each<[string, number | undefined, number | undefined]>([
    // [what was typed, bareCode (look-alike letters read as digits), parseCodeArg (as typed)]
    ['721.', 721, 721],
    ['error 809:', 809, 809],
    ['7.21', undefined, undefined],
    ['-2147483648', 2147483648, 2147483648],
    ['-2147483649', undefined, undefined],
    ['4294967295', 4294967295, 4294967295],
    ['4294967296', undefined, undefined],
    ['error 7', 7, 7],
    ['# 721', 721, undefined],
    ['72l', 721, undefined],
    ['Ox80092013', 0x80092013, undefined],
    [' 721 ', 721, 721],
    ['error:721', 721, 721],
    ['err721', 721, 721],
    ['72|', 721, undefined],
    [' 8O9\n', 809, undefined],
    ['Error code: 8O9', 809, undefined],
    ['Error:8O9', 809, undefined],
    ['RAS error code 691', 691, undefined],
    ['hresult:0x80092013', 0x80092013, undefined],
  ])('%j is code %j (as typed: %j)', (text, bare, parsed) => {
    expect(bareCode(text)).toBe(bare);
    expect(parseCodeArg(text)).toBe(parsed);
  });
});
