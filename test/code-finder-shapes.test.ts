// Numbers inside links, versions, times, dates, phone numbers, prices and percentages are never read as error
// codes (issue 12, found by mutation testing), even beside VPN words, where a bare 600–899 or 13800–13999 is.
// Each shape is written the ways people write it, and with the part that looks like a code first.
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../src/content/load-knowledge.ts';
import { extractCodes } from '../src/core/find-codes.ts';
import { knownCodesOf } from '../src/nlu/known-codes.ts';

const known = knownCodesOf(loadKnowledge());
const nothingKnown = { has: () => false };

describe('beside VPN words, a bare Windows VPN error number is read', () => {
  it.each<[string, number[]]>([
    ['the vpn says nothing but 808', [808]],
    ['I cannot connect 721', [721]],
    ['connecting fails, 721', [721]],
    ['disconnect 721 again', [721]],
    ['always disconnecting: 721', [721]],
    ['the dial-up fails 721', [721]],
    ['dialing in fails: 721', [721]],
    ['ikev2 13801 on my laptop', [13801]],
    ['l2tp fails with a plain 600', [600]],
    ['ikev2 fails, 13800 again', [13800]],
    ['l2tp fails with a plain 599', []],
    ['ikev2 fails, 13799 again', []],
  ])('%j reads as %j, whatever the knowledge base knows', (text, codes) => {
    expect(extractCodes(text, known)).toEqual(codes);
    expect(extractCodes(text, nothingKnown)).toEqual(codes);
  });
});

describe('numbers inside these shapes are not read, even beside VPN words', () => {
  it.each<[string, string]>([
    ['a link', 'vpn: see http://help.example.com/721'],
    ['a link', 'vpn: see https://help.example.com/721'],
    ['an e-mail address', 'vpn: write to support@4721.example.com'],
    ['a version', 'updated the vpn to 721.5.1'],
    ['a version', 'the vpn client is 4.10.721'],
    ['a version', 'updated the vpn client to 721.15'],
    ['a time', 'vpn error 12:30 again today'],
    ['a time', 'error 10:14:33 RasClient dial failed'],
    ['a date', 'the log shows 2024-07-21 as the last connection'],
    ['a date', 'the last vpn error 12/21'],
    ['a phone number', 'call the vpn helpdesk +852 2123 4567'],
    ['a phone number', 'call the vpn helpdesk +852 21234567'],
    ['a phone number', 'call the vpn helpdesk +1 555 721 0199'],
    ['a phone number', 'call the vpn helpdesk (808) 555-0199'],
    ['a phone number', 'call the vpn helpdesk (808)555-0199'],
    ['a phone number', 'call the vpn helpdesk (808) 555 0199'],
    ['a phone number', 'call the vpn helpdesk (808) 5550199'],
    ['a phone number', 'the vpn hotline is +49 721 1234567'],
    ['a phone number', 'the vpn hotline in Hong Kong is +852 800 908 123'],
    ['a phone number', 'the vpn helpdesk is 808 555 0199'],
    ['a phone number', 'the vpn helpdesk is 808.555.0199'],
    ['a phone number', 'the vpn helpdesk is 808-555-0199'],
    ['a phone number', 'the vpn helpdesk is 721-0199'],
    ['a phone number', 'the vpn hotline in Karlsruhe is 0721 123456'],
    ['a phone number', 'the vpn hotline in Karlsruhe is 0721 123 4567'],
    ['a phone number', 'the vpn hotline in Karlsruhe is 0721-123-4567'],
    ['a phone number', 'the vpn hotline in Karlsruhe is 0721.123.4567'],
    ['a price', 'the vpn licence is € 721 a year'],
    ['a price', 'the vpn licences cost €1,721 a year'],
    ['a percentage', 'I get errors 30% of the time'],
    ['a percentage', 'I get errors 30 % of the time'],
    ['a percentage', 'the vpn process uses 800% cpu'],
  ])('%s: %j reads no code', (_shape, text) => {
    expect(extractCodes(text, known)).toEqual([]);
    expect(extractCodes(text, nothingKnown)).toEqual([]);
  });
});
