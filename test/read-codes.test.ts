// The one code reader, as the chat, `/vpncode`, Teams and the picture reader use it: tables of text → what
// the text says about error codes, and the data the "clearly quotes a dialog" threshold was chosen from.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../src/content/load-knowledge.ts';
import { createCodeLookup } from '../src/core/code-lookup.ts';
import { bareCode, extractCodes } from '../src/core/find-codes.ts';
import { type Entry, formatCode } from '../src/core/knowledge.ts';
import {
  CLEAR_MARGIN,
  CLEAR_QUOTE,
  type CodeReading,
  oneDigitApart,
  readCodes,
} from '../src/core/read-codes.ts';
import { knownCodesOf } from '../src/nlu/known-codes.ts';

const entries = loadKnowledge();
const lookup = createCodeLookup(entries);
const known = knownCodesOf(entries);

/** A reading in a line: "codes 800 809", "codes 809 (read 808)", "unknown 9999", "text 868", "text 787?" (not confident), "691 or 809?". */
function said(r: CodeReading): string {
  switch (r.kind) {
    case 'none':
      return 'none';
    case 'codes':
      return `codes ${r.codes.map(formatCode).join(' ')}${r.misread === undefined ? '' : ` (read ${formatCode(r.misread)})`}`;
    case 'unknown':
      return `unknown ${formatCode(r.code)}`;
    case 'text':
      return `text ${r.entry.id}${r.confident ? '' : '?'}`;
    case 'either':
      return `${formatCode(r.options[0].code)} or ${formatCode(r.options[1].code)}?`;
  }
}
const read = (text: string) => said(readCodes(text, lookup));

describe('codes anywhere in what people write', () => {
  it.each([
    // the issue's examples: all were keyword guesses before
    ['Error code: 809', 'codes 809'],
    ['my vpn says 721', 'codes 721'],
    ['user has 868', 'codes 868'],
    ['vpn error 800 and 809', 'codes 800 809'],
    // as the chat always read them
    ['721', 'codes 721'],
    ['error 721', 'codes 721'],
    ['err# 711', 'codes 711'],
    ['#721', 'codes 721'],
    ['error721', 'codes 721'],
    ['the error number is 792', 'codes 792'],
    ['getting 691 for days', 'codes 691'],
    ['vpn fails with 812', 'codes 812'],
    ['13801', 'codes 13801'],
    ['the hotel wifi is fine but I get error 809', 'codes 809'],
    ['error 721 after 30 seconds on windows 11', 'codes 721'],
    // several codes, in the order written, each once
    ['Error 628/629', 'codes 628 629'],
    ['errors 619 then 691', 'codes 619 691'],
    ['it went from error 691 to 809', 'codes 691 809'],
    ['vpn error 721 and 721 again', 'codes 721'],
    ['Error 809 and 691: the remote server is not responding', 'codes 809 691'],
    // HRESULTs: hex, with or without 0x, and the negative decimal event logs show
    ['0x80092013', 'codes 0x80092013'],
    ['error code 0x800B0109', 'codes 0x800B0109'],
    ['error 80092013', 'codes 0x80092013'],
    ['-2146885613', 'codes 0x80092013'],
    ['the vpn fails with -2146762487', 'codes 0x800B0109'],
  ])('%j → %s', (text, reading) => {
    expect(read(text)).toBe(reading);
  });

  it('gives the entries in the order of the codes, an entry once', () => {
    const ids = (text: string) => {
      const r = readCodes(text, lookup);
      return r.kind === 'codes' ? r.entries.map((e) => e.id) : [];
    };
    expect(ids('vpn error 809 and 800')).toEqual(['809', '800']);
    expect(ids('Error 628/629')).toEqual(['628-629']);
    expect(ids('error 789')).toEqual(['789']);
  });
});

describe('look-alike letters typed or OCR’d for digits', () => {
  it.each([
    ['8O9', 'codes 809'],
    ['8o9 again', 'codes 809'],
    ['72l', 'codes 721'],
    ['72I', 'codes 721'],
    ['72|', 'codes 721'],
    ['error 8OO', 'codes 800'],
    ['138O1', 'codes 13801'],
    ['l38O1', 'codes 13801'],
    ['vpn says 69l', 'codes 691'],
    ['0x800B01O9', 'codes 0x800B0109'],
    ['Ox80092013', 'codes 0x80092013'],
    // words stay words
    ['lol', 'none'],
    ['IO', 'none'],
    ['l0l', 'none'],
    ['oil', 'none'],
    ['lol the vpn is down again', 'none'],
    ['my IO error', 'none'],
  ])('%j → %s', (text, reading) => {
    expect(read(text)).toBe(reading);
  });

  it('the chat reads them the same way (the NLU finds codes with the same function)', () => {
    expect(extractCodes('8O9 again', known)).toEqual([809]);
    expect(extractCodes('it says 72l', known)).toEqual([721]);
    expect(extractCodes('lol', known)).toEqual([]);
  });
});

describe('numbers that are not codes', () => {
  it.each([
    'drops after 30 seconds',
    'the printer on floor 3',
    'room 1204',
    'port 443',
    'udp 500 and 4500',
    'windows 11',
    "I've tried 3 times",
    'call me at 555-123-4567',
    'call me on +1 617 555 0199',
    'at 9:30 the vpn died',
    'vpn dies at 17:30 every day',
    'my vpn broke on 12/03/2024',
    'ticket #12345',
    'verification code 123456',
    'I have 750 unread emails and the vpn is down',
    'vpn drops every 720 seconds',
    'it happened 4321 again',
    'my vpn is broken',
  ])('%j → none', (text) => {
    expect(read(text)).toBe('none');
  });
});

describe('a number that is no known code', () => {
  it.each([
    ['9999', 'unknown 9999'],
    ['error 9998 pops up', 'unknown 9998'],
    ['730', 'unknown 730'],
    ['error 808 on my vpn', 'unknown 808'],
    // words that quote a dialog, but not clearly, leave the number unknown
    ['Error 9999: the vpn connection attempt failed', 'unknown 9999'],
  ])('%j → %s, with the nearest known codes', (text, reading) => {
    expect(read(text)).toBe(reading);
    const r = readCodes(text, lookup);
    expect(r.kind === 'unknown' && r.nearest.length).toBeGreaterThan(0);
  });

  it('names the codes next to it as nearest', () => {
    const r = readCodes('730', lookup);
    const near = r.kind === 'unknown' ? r.nearest.flatMap((e) => e.ranges.map((x) => x.from)) : [];
    expect(near.some((c) => Math.abs(c - 730) <= 5)).toBe(true);
  });
});

describe('a number and the dialog words beside it', () => {
  const DIALOG_809 =
    'The network connection between your computer and the VPN server could not be established because the remote server is not responding.';
  it.each([
    // the code wins when the words fit it, or fit it as well as any other entry
    [`Error 809: ${DIALOG_809}`, 'codes 809'],
    ['Error 721: The remote computer did not respond.', 'codes 721'], // 721's text ends with 678's
    [
      'Error 835: The L2TP connection attempt failed because the security layer could not authenticate the remote computer.',
      'codes 835', // 787 has the very same text
    ],
    ['Error 742: The local computer does not support the required data encryption type.', 'codes 742'], // one word from 741's
    ['error 721, vpn server not responding', 'codes 721'], // a user's words, not a dialog's
    ['Error 691 and 721: the remote server is not responding', 'codes 691 721'], // two codes written: no question
    // the words clearly quote another known code's dialog: ask which
    ['Error 691: the remote server is not responding', '691 or 809?'],
    [`Error 807: ${DIALOG_809}`, '807 or 809?'],
    ['Error 678: Remote PPP peer is not responding', '678 or 721?'],
    [
      'Error 868: The remote connection was not made because the attempted VPN tunnels failed.',
      '868 or 800?',
    ],
    // an unknown number: a misreading one digit from the entry the words quote is corrected
    [`Error 808: ${DIALOG_809}`, 'codes 809 (read 808)'],
    [
      'Error 808: The netw0rk connection between your cornputer and the VPN server could not be estab- lished because the rernote server is not respondinq.',
      'codes 809 (read 808)',
    ],
    [
      'Error 836: The L2TP connection attempt failed because the security layer could not authenticate the remote computer.',
      'codes 835 (read 836)', // the words fit 787 and 835 alike; the number picks 835
    ],
    // an unknown number far from the entry the words quote: the words win
    [
      'Error 9999: The remote connection was not made because the name of the remote access server did not resolve.',
      'text 868',
    ],
    ['error 5: the remote server is not responding', 'text 809'],
  ])('%j → %s', (text, reading) => {
    expect(read(text)).toBe(reading);
  });

  it('the OCR 808/809 case never ends in "I don\'t know error 808"', () => {
    const ocr = `VPN Connection\nError 808: ${DIALOG_809.replace('could not', 'could\nnot')}\nOK`;
    const r = readCodes(ocr, lookup);
    expect(r).toMatchObject({ kind: 'codes', codes: [809], misread: 808 });
    expect(r.kind === 'codes' && r.entries.map((e) => e.id)).toEqual(['809']);
  });

  it('either names the code as written first, then the entry the words quote', () => {
    const r = readCodes('Error 691: the remote server is not responding', lookup);
    expect(r.kind === 'either' && r.options.map((o) => [o.code, o.entry.id])).toEqual([
      [691, '691'],
      [809, '809'],
    ]);
  });

  it.each([
    [809, 808, true],
    [809, 819, true],
    [809, 890, false],
    [809, 8090, false],
    [89, 809, false],
    [0x800b0109, 0x800b0108, true],
    [721, 721, false],
  ])('%i and %i are one digit apart: %s', (a, b, apart) => {
    expect(oneDigitApart(a, b)).toBe(apart);
  });
});

describe('a text that is only a code (a lookup in a Teams channel)', () => {
  it.each<[string, number | undefined]>([
    ['721', 721],
    ['8O9', 809],
    ['error 721', 721],
    ['Error code: 809', 809],
    ['#721', 721],
    ['0x800B0109', 0x800b0109],
    ['Ox80092013', 0x80092013],
    ['-2146885613', 0x80092013],
    ['my vpn says 721', undefined],
    ['785-793', undefined],
    ['lol', undefined],
    ['l0l', undefined],
  ])('%j → %s', (text, code) => {
    expect(bareCode(text)).toBe(code);
  });
});

// ---- the threshold and the data behind it ---------------------------------------------------------------

/** Pasted Windows dialog texts: in full, partial, with the dialog's other lines, or damaged by OCR. */
const DIALOG_TEXTS: [string, string][] = [
  [
    '809',
    'The netw0rk connection between your cornputer and the VPN server could not be estab-\nlished because the remote server is not respondinq.',
  ],
  [
    '809',
    "VPN Connection\nCan't connect to Contoso VPN\nThe network connection between your computer and the VPN server could not be established because the remote server is not responding. This could be because one of the network devices (e.g, firewalls, NAT, routers, etc) between your computer and the remote server is not configured to allow VPN connections.\nOK",
  ],
  ['809', 'the remote server is not responding'],
  ['868', 'rernote connection was not rnade because the narne of the remote access server did not resolve'],
  [
    '868',
    'Connection failed\nThe remote connection was not made because the name of the remote access server did not resolve.\nMore info   Close',
  ],
  [
    '691',
    'The remote connection was denied because the user name and password combination you provided is not recognized, or the selected authentication protocol is not permitted on the remote access server.',
  ],
  [
    '691',
    'The remote connection was denied because the user name and passw0rd combination you provided is not recognlzed',
  ],
  [
    '800',
    'The remote connection was not made because the attempted VPN tunnels failed. The VPN server might be unreachable. If this connection is attempting to use an L2TP/IPsec tunnel, the security parameters required for IPsec negotiation might not be configured properly.',
  ],
  ['800', 'the attempted VPN tunne1s failed. The VPN server might be unreachab1e'],
  [
    '720',
    'A connection to the remote computer could not be established. You might need to change the network settings for this connection.',
  ],
  ['13801', 'IKE authentication credentials are unacceptable'],
  ['13801', 'IKE authenticati0n credentials are unacceptab|e'],
  [
    '789',
    'The L2TP connection attempt failed because the security layer encountered a processing error during initial negotiations with the remote computer.',
  ],
  [
    '812',
    'The connection was prevented because of a policy configured on your RAS/VPN server. Specifically, the authentication method used by the server to verify your username and password may not match the authentication method configured in your connection profile.',
  ],
  [
    '619',
    'A connection to the remote computer could not be established, so the port used for this connection was closed',
  ],
  [
    '0x80092013',
    'The revocation function was unable to check revocation because the revocation server was offline.',
  ],
  [
    '0x80092013',
    'revocation function was unab1e to check revocation because the revocation server was offiine',
  ],
  [
    '0x800B0109',
    'A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider.',
  ],
  [
    '807',
    'The network connection between your computer and the VPN server was interrupted. This can be caused by a problem in the VPN transmission and is commonly the result of internet latency or simply that your VPN server has reached capacity.',
  ],
  [
    '806',
    'A connection between your computer and the VPN server has been started, but the VPN connection cannot be completed. The most common cause for this is that at least one Internet device (for example, a firewall or a router) between your computer and the VPN server is not configured to allow Generic Routing Encapsulation (GRE) protocol packets.',
  ],
  ['628-629', 'The connection was terminated by the remote computer before it could be completed'],
  ['651', 'The modem (or other connecting device) has reported an err0r.'],
  [
    '711',
    'The operation could not finish because it could not start the Remote Access Connection Manager service',
  ],
  ['633', 'The modem (or other connecting device) is already in use or is not configured properly'],
  ['648', 'The password for this account has expired'],
  ['647', 'The account is disab1ed.'],
  [
    '13806',
    'IKE failed to find valid machine certificate. Contact your Network Security Administrator about installing a valid certificate in the appropriate Certificate Store.',
  ],
  ['13868', 'Policy match error'],
  ['0x800B010F', "The certificate's CN name does not match the passed value."],
  [
    '858',
    'Authentication failed because the certificate that the client uses to authenticate the server is expired',
  ],
  [
    '853',
    'Authentication failed because the certificate that authenticates the client to the server is not valid. Ensure the certificate is valid.',
  ],
  [
    '864',
    'Authentication failed because a certificate that validates the server certificate was not found in the Trusted Root Certification Authorities store.',
  ],
  [
    '850',
    'The Extensible Authentication Protocol type required for authentication of the remote access connection is not installed on your computer.',
  ],
  ['829', 'The modem (or other connecting device) was disconnected due to link failure.'],
  [
    '827',
    'The VPN connection cannot be completed because the IKE and AuthIP IPsec Keying Modules service or the Base Filtering Engine service is not running',
  ],
  [
    '811',
    'The VPN connection could not be made. This is typically caused by a pre-shared key problem between the client and server',
  ],
  ['718', 'The connection was terminated because the remote computer did not respond in a timely manner'],
  ['734', 'The PPP link control protocol was terminated.'],
  ['741', 'The local computer does not support the required data encryption type.'],
  ['742', 'The remote computer does not support the required data encryption type.'],
  ['721', 'Remote PPP peer is not responding'],
  ['678', 'The remote computer did not respond.'],
  ['623', 'The system could not find the phone book entry for this connection.'],
  [
    '0x80070040',
    'The server certificate does not have Server Authentication as one of its certificate usage entries',
  ],
  ['798', 'A certificate could not be found that can be used with this Extensible Authentication Protocol.'],
  ['768', 'The connection attempt failed because of failure to encrypt data.'],
  [
    '813',
    'You have attempted to establish a second broadband connection while a previous broadband connection is already established using the same device or port.',
  ],
  ['735', 'The requested address was rejected by the server'],
  ['703', 'The connection needs information from you, but the application does not allow user interaction'],
  ['646', 'The account is not permitted to log on at this time of day.'],
];

/** What people write that is not dialog text, some of it in the dialogs' own words. */
const NOT_DIALOG = [
  'my vpn is broken',
  'it keeps dropping',
  'the printer on floor 3',
  "vpn won't connect",
  'the vpn is slow today',
  'my password does not work',
  'hotel wifi blocks the vpn',
  'the vpn app crashed',
  'talk to a person',
  'it disconnects every few minutes',
  'I cannot reach the server',
  'vpn server not found',
  'the vpn connection attempt failed',
  'the dns server is not responding',
  'my account expired',
  'disabling the firewall makes it work',
  'connection to the vpn server failed',
  'a connection is already in use',
  'the remote desktop is not responding',
  'my certificate expired',
];

/** The entry the words quote best, as the reader ranks them. */
const bestQuote = (text: string) =>
  lookup.searchScored(text).sort((a, b) => b.strength - a.strength || b.fit - a.fit)[0];

describe('pasted dialog texts read as their entry, clearly', () => {
  // 787 and 835 share a text (below); 628-629's names 629 as a number
  const screens = entries.filter(
    (e) => e.screenText && !/\d/.test(e.screenText) && !['787', '835'].includes(e.id),
  );
  it.each(screens.map((e): [string, string] => [e.id, e.screenText ?? '']))(
    'the screen text of %s',
    (id, text) => {
      expect(read(text)).toBe(`text ${id}`);
    },
  );

  it.each(DIALOG_TEXTS)('%s: %j', (id, text) => {
    expect(read(text)).toBe(`text ${id}`);
  });

  it('787 and 835 share their screen text, so it names one of them without confidence', () => {
    const text = entries.find((e) => e.id === '835')?.screenText ?? '';
    expect(['text 787?', 'text 835?']).toContain(read(text));
  });
});

describe('what is not dialog text is never a clear quote', () => {
  it.each(NOT_DIALOG)('%j', (text) => {
    expect(read(text)).not.toMatch(/^text [^?]+$/);
    expect(bestQuote(text)?.strength ?? 0).toBeLessThan(CLEAR_QUOTE);
  });
});

describe('the threshold, from the data above', () => {
  const strengths = (texts: string[]) => texts.map((t) => bestQuote(t)?.strength ?? 0);
  const dialogs = [
    ...entries.flatMap((e: Entry) => (e.screenText ? [e.screenText] : [])),
    ...DIALOG_TEXTS.map(([, t]) => t),
  ];

  it('lies between the weakest dialog quote and the strongest sentence that is not one', () => {
    const weakestDialog = Math.min(...strengths(dialogs));
    const strongestOther = Math.max(...strengths(NOT_DIALOG));
    expect(weakestDialog).toBeGreaterThanOrEqual(CLEAR_QUOTE);
    expect(strongestOther).toBeLessThan(CLEAR_QUOTE);
    // a real gap, not a hair's breadth on either side
    expect(weakestDialog - strongestOther).toBeGreaterThan(0.1);
  });

  it('tells apart entries whose texts differ by a word, and no more', () => {
    const margin = (text: string) => {
      const [a, b] = lookup.searchScored(text).sort((x, y) => y.strength - x.strength || y.fit - x.fit);
      return (a?.fit ?? 0) / (b?.fit || Number.MIN_VALUE);
    };
    expect(margin('The remote computer does not support the required data encryption type.')).toBeGreaterThan(
      CLEAR_MARGIN,
    );
    const shared = entries.find((e) => e.id === '787')?.screenText ?? '';
    expect(margin(shared)).toBeLessThan(CLEAR_MARGIN);
  });

  it("almost none of the NLU's labelled sentences without a code (dev and training) is a clear quote", () => {
    const lines = ['nlu/dev.jsonl', 'nlu/training.jsonl'].flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { text: string; intent: string })
        .filter((l) => l.intent !== 'error_code'),
    );
    const clear = lines.filter((l) => (bestQuote(l.text)?.strength ?? 0) >= CLEAR_QUOTE);
    expect(lines.length).toBeGreaterThan(500);
    expect(clear.length / lines.length).toBeLessThan(0.005);
  });
});
