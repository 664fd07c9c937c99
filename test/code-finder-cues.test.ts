// The code finder's cue words, a sentence per word (issue 12, found by mutation testing): the words that make the
// number after them an error code, the words that may stand between, the words that join a list of codes, and the
// words before "code" that make it a sign-in code. The words that make a number something else:
// code-finder-not-codes.test.ts.
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../src/content/load-knowledge.ts';
import { extractCodes } from '../src/core/find-codes.ts';
import { knownCodesOf } from '../src/nlu/known-codes.ts';

const known = knownCodesOf(loadKnowledge());
const nothingKnown = { has: () => false };

// 13 and 45 are no code the knowledge base knows and too short to be read without a word before them.
describe('words that make any number after them an error code', () => {
  it.each<[string, number[]]>([
    ['I keep getting error 13 on the hotel wifi', [13]],
    ['errors 45 and 46 in the event log', [45, 46]],
    ['err 13 again', [13]],
    ['errno 13 when the client starts', [13]],
    ['exit code 13', [13]],
    ['codes 45 and 46 this morning', [45, 46]],
    ['the log says hresult 13', [13]],
    ['rras 13 on the server', [13]],
    ['ras 13 in the event viewer', [13]],
  ])('%j reads as %j', (text, codes) => {
    expect(extractCodes(text, nothingKnown)).toEqual(codes);
  });
});

// 4012 is no code the knowledge base knows: without a word before it, it is any number.
describe('verbs that make a 3–5 digit number after them an error code', () => {
  it.each<[string, number[]]>([
    ['the dialog says 4012', [4012]],
    ['the vpn said 4012 last night', [4012]],
    ['windows will say 4012 and close', [4012]],
    ['it keeps saying 4012', [4012]],
    ['the screen shows 4012', [4012]],
    ['it showed 4012 again', [4012]],
    ['it is showing 4012', [4012]],
    ['the client has shown 4012 twice', [4012]],
    ['the laptop will show 4012', [4012]],
    ['I get 4012 when connecting', [4012]],
    ['she gets 4012 on the hotel wifi', [4012]],
    ['we are getting 4012 since monday', [4012]],
    ['I got 4012 this morning', [4012]],
    ['it gives 4012 straight away', [4012]],
    ['it gave 4012 on the train', [4012]],
    ['it keeps giving 4012', [4012]],
    ['it will give 4012 at home too', [4012]],
    ['I see 4012 every morning', [4012]],
    ['he sees 4012 on both laptops', [4012]],
    ['we are seeing 4012 today', [4012]],
    ['I saw 4012 in the corner', [4012]],
    ['the box reads 4012', [4012]],
    ['the message read 4012 yesterday', [4012]],
    ['I am reading 4012 off the screen', [4012]],
    ['the client displays 4012', [4012]],
    ['it displayed 4012 twice', [4012]],
    ['it is displaying 4012 again', [4012]],
    ['it pops 4012 every time', [4012]],
    ['a window popped 4012 at me', [4012]],
    ['it keeps popping 4012', [4012]],
    ['the connect button returns 4012', [4012]],
    ['it returned 4012 again', [4012]],
    ['it is returning 4012 now', [4012]],
    ['the client throws 4012', [4012]],
    ['it threw 4012 again', [4012]],
    ['it keeps throwing 4012', [4012]],
    ['I receive 4012 when I connect', [4012]],
    ['she receives 4012 at home', [4012]],
    ['I received 4012 on the train', [4012]],
    ['we keep receiving 4012', [4012]],
    ['I hit 4012 again', [4012]],
    ['I keep hitting 4012', [4012]],
    ['everyone hits 4012 on monday', [4012]],
    ['the client reported 4012', [4012]],
    ['the log reports 4012', [4012]],
    // without such a word the same number is no code
    ['4012 pops up', []],
    ['I tried 4012', []],
  ])('%j reads as %j', (text, codes) => {
    expect(extractCodes(text, nothingKnown)).toEqual(codes);
  });
});

describe('words before "code" that make it a sign-in or voucher code', () => {
  it.each<[string, number[]]>([
    ['the verification code 721 never came', []],
    ['my security code 721 was rejected', []],
    ['the sms code 721 expired', []],
    ['the text code 721 is wrong', []],
    ['the otp code 721 failed', []],
    ['my mfa code 721 is wrong', []],
    ['the auth code 721 expired', []],
    ['the authenticator code 721 does not work', []],
    ['my access code 721 is wrong', []],
    ['the voucher code 721 is used', []],
    ['the promo code 721 is used', []],
    ['a discount code 721 for the shop', []],
    ['the zip code 721 is wrong', []],
    ['the postal code 721 is wrong', []],
    ['our area code 721 is right', []],
    ['the time code 721 on the video', []],
    ['my login code 721 is wrong', []],
    ['the pin code 721 is wrong', []],
    // any other word before "code" leaves it an error code
    ['the vpn code 721 again', [721]],
    ['the exit code 721 again', [721]],
  ])('%j reads as %j', (text, codes) => {
    expect(extractCodes(text, known)).toEqual(codes);
  });
});

describe('words that may stand between a cue and its code', () => {
  it.each<[string, number[]]>([
    ['errno=13', [13]],
    ['error: 13', [13]],
    ['error #13', [13]],
    ['error no 13', [13]],
    ['error nr 13', [13]],
    ['error num 13', [13]],
    ['error number 13', [13]],
    ['the error is 13', [13]],
    ['the error was 13', [13]],
    ['I got a 4012 again', [4012]],
    ['I got an 8012 again', [8012]],
    ['I get the 4012 again', [4012]],
    ['getting an error of 13', [13]],
    ['error message 13', [13]],
    ['error msg 13', [13]],
    ['it gives me 4012', [4012]],
    ['I get this 4012', [4012]],
    ['the vpn gives it 4012 now', [4012]],
    ['it says again 4012', [4012]],
    ['it shows still 4012 after a reboot', [4012]],
    // three such words at most
    ['it gives me this again 4012', [4012]],
    ['it gives me this again still 4012', []],
  ])('%j reads as %j', (text, codes) => {
    expect(extractCodes(text, nothingKnown)).toEqual(codes);
  });
});

describe('words that join a list of codes after one cue', () => {
  it.each<[string, number[]]>([
    ['errors 45, 46 & 47', [45, 46, 47]],
    ['error 45 and 46', [45, 46]],
    ['error 45 or 46', [45, 46]],
    ['error 4012/4013', [4012, 4013]],
    ['error 45 and/or 46', [45, 46]],
    ['it says 4012 also 4013', [4012, 4013]],
    ['it shows 4012 plus 4013', [4012, 4013]],
    ['it shows 4012 then 4013', [4012, 4013]],
    ['it shows 4012-4013', [4012, 4013]],
    // any other word ends the list
    ['it shows 4012 after 4013', [4012]],
    ['error 45 with 46 users', [45]],
  ])('%j reads as %j', (text, codes) => {
    expect(extractCodes(text, nothingKnown)).toEqual(codes);
  });
});
