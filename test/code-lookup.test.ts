import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { loadContent } from '../src/content/load-content.ts';
import { loadKnowledge } from '../src/content/load-knowledge.ts';
import { lookupCards } from '../src/core/code-card.ts';
import { createCodeLookup } from '../src/core/code-lookup.ts';
import { parseCodeArg } from '../src/core/parse-code.ts';

const lookup = createCodeLookup(loadKnowledge());
const ids = (query: string) => lookup.lookup(query).matches.map((e) => e.id);

describe('a tech looks up a code', () => {
  it.each([
    ['721', '721'],
    ['error 721', '721'],
    [
      'Error 809: The network connection between your computer and the VPN server could not be established',
      '809',
    ],
    ['790', '785-793'],
    ['785', '785-793'],
    ['785-793', '785-793'],
    ['628', '628-629'],
    ['629', '628-629'],
    ['0x80092013', '0x80092013'],
    ['-2146885613', '0x80092013'],
    ['0X800B0109', '0x800B0109'],
  ])('%j → entry %s first', (query, id) => {
    expect(ids(query)[0]).toBe(id);
  });

  it.each([
    628, 629, 633, 678, 692, 711, 721, 722, 739, 741, 768, 785, 786, 787, 788, 789, 790, 791, 792, 793, 798,
    800, 806, 807, 809, 868,
  ])('seed code %i has an entry', (code) => {
    expect(lookup.byCode(code).length).toBeGreaterThan(0);
  });

  it.each([
    619, 651, 691, 720, 733, 734, 735, 742, 812, 813, 835, 850, 853, 858, 13801, 13806, 13868, 0x80070040,
    0x800b0109, 0x80092013,
  ])('common code %i has an entry of its own', (code) => {
    expect(lookup.byCode(code)[0]?.ranges).toContainEqual({ from: code, to: code });
  });

  it('knows at least 30 codes beyond the seed table', () => {
    const seed = new Set([
      628, 629, 633, 678, 692, 711, 721, 722, 739, 741, 768, 798, 800, 806, 807, 809, 868,
    ]);
    const beyond = lookup.entries.filter((e) =>
      e.ranges.every((r) => !seed.has(r.from) && !(r.from <= 789 && r.to >= 785)),
    );
    expect(beyond.length).toBeGreaterThanOrEqual(30);
  });

  it('ranks the specific 789 entry above the 785–793 range that also covers it', () => {
    expect(ids('789')).toEqual(['789', '785-793']);
  });

  it.each([
    ['remote server is not responding', '809'],
    ['remote peer not respnding', '721'],
    ['gre', '721'],
    ['certificate revocation server offline', '0x80092013'],
  ])('keywords %j find %s first', (query, id) => {
    expect(ids(query)[0]).toBe(id);
  });

  it('says an unknown code has no match and suggests its nearest neighbours', () => {
    const result = lookup.lookup('9999');
    expect(result.kind).toBe('code');
    expect(result.matches).toEqual([]);
    expect(result.suggestions.length).toBeGreaterThan(0);
    const unknownNear = lookup.lookup('730');
    const near = unknownNear.suggestions.flatMap((e) => e.ranges.map((r) => r.from));
    expect(near.some((c) => Math.abs(c - 730) <= 5)).toBe(true);
  });

  it.each(['', '   ', 'help', '?'])('%j gives the usage', (query) => {
    expect(lookup.lookup(query).kind).toBe('usage');
  });

  it.each([
    ['x'.repeat(10_000)],
    ['🙂🙂🙂'],
    ['<!channel> $' + '{process.exit()}'],
    ['\u0000\u0007\u001b[31mred'],
    ['0xZZZ'],
    ['99999999999999999999'],
  ])('odd input %j answers without throwing', (query) => {
    const result = lookup.lookup(query);
    expect(result.query.length).toBeLessThanOrEqual(300);
    expect(result.query).not.toMatch(/\p{Cc}/u);
  });
});

describe('a tech looks up a code written inside a sentence, or with look-alike letters', () => {
  const DIALOG_809 =
    'The network connection between your computer and the VPN server could not be established because the remote server is not responding.';
  it.each<[string, string, number[], string[]]>([
    // these were keyword guesses (651, 711, 691…) before the one code reader
    ['Error code: 809', 'code', [809], ['809']],
    ['my vpn says 721', 'code', [721], ['721']],
    ['user has 868', 'code', [868], ['868']],
    ['vpn error 800 and 809', 'codes', [800, 809], ['800', '809']],
    ['8O9', 'code', [809], ['809']],
    ['72l', 'code', [721], ['721']],
    ['-2146885613', 'code', [0x80092013], ['0x80092013']],
    ['Error 628/629', 'codes', [628, 629], ['628-629']],
    // the number and the dialog words name two codes: both are shown
    ['Error 691: the remote server is not responding', 'codes', [691, 809], ['691', '809']],
    // an OCR'd 809 dialog whose 9 was read as 8: the words correct it
    [`Error 808: ${DIALOG_809}`, 'code', [809], ['809']],
  ])('%j → %s %j', (query, kind, codes, matchIds) => {
    const result = lookup.lookup(query);
    expect(result.kind).toBe(kind);
    expect(result.codes ?? (result.code === undefined ? [] : [result.code])).toEqual(codes);
    expect(result.code).toBe(codes[0]);
    expect(result.matches.map((e) => e.id)).toEqual(matchIds);
  });

  it('pasted text with an unknown number far from the code its words quote is searched, that entry first', () => {
    const result = lookup.lookup(
      'Error 9999: The remote connection was not made because the name of the remote access server did not resolve.',
    );
    expect(result.kind).toBe('search');
    expect(result.matches[0]?.id).toBe('868');
  });

  it('keywords stay keywords', () => {
    expect(lookup.lookup('gre').kind).toBe('search');
    expect(lookup.lookup('lol').kind).toBe('search');
  });

  const content = loadContent();
  const ctx = { org: loadConfig({}).org, phrases: content.phrases };
  const cards = (query: string) => lookupCards(lookup.lookup(query), content.entries, ctx);

  it('answers several codes with a card for each, at most three', () => {
    expect(cards('vpn error 800 and 809').map((c) => c.title)).toEqual([
      expect.stringMatching(/^Error 800\b/),
      expect.stringMatching(/^Error 809\b/),
    ]);
    expect(cards('errors 691, 800, 809 and 868')).toHaveLength(3);
    expect(cards('Error 628/629').map((c) => c.title)).toEqual([expect.stringMatching(/^Error 628–629\b/)]);
  });

  it('answers a single code as before: one card', () => {
    expect(cards('Error code: 809').map((c) => c.title)).toEqual([expect.stringMatching(/^Error 809\b/)]);
  });
});

describe('reading a code written by a person', () => {
  it.each([
    ['721', 721],
    [' 721 ', 721],
    ['err# 711', 711],
    ['code: 691', 691],
    ['0x80092013', 0x80092013],
    ['-2146885613', 0x80092013],
    ['-2146762487', 0x800b0109],
    ['13801', 13801],
    ['seven', undefined],
    ['0x1234567890', undefined],
    ['-99999999999', undefined],
  ])('%j → %s', (text, code) => {
    expect(parseCodeArg(text)).toBe(code);
  });
});
