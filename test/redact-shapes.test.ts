// Where redaction draws its lines (issue 12, found by mutation testing): a password glued to something technical
// still goes, secrets only a cue word or a token's own shape gives away still go, and the technical words an
// agent needs (versions, times, paths, hashes, settings) stay exactly as typed, however password-like they look.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from '../src/core/redact.ts';

/** A 64-character passphrase (upper, digit, lower): the longest word still weighed as a typed password. */
const PASSPHRASE_64 = `A1.${'x'.repeat(61)}`;

describe('secrets that only the words before them give away', () => {
  it.each<[string, string]>([
    // [what the user typed, what is stored]
    ['the vpn pass is swordfish', 'the vpn pass is [redacted]'],
    ['one-time code: swordfish', 'one-time code: [redacted]'],
    ['pin   4821', 'pin   [redacted]'],
    ['password: "swordfish"', 'password: [redacted]'],
    ['pin 1234a', 'pin [redacted]'],
    ['my pin abcd1234', 'my pin [redacted]'],
    // Passwords that end like words people say about a password ("old", "new", "running", "ed", "ly").
    ['password: kitty2new', 'password: [redacted]'],
    ['pw: 4dogsrunning', 'pw: [redacted]'],
    ['password is redhat42', 'password is [redacted]'],
    ['password is 2Fly', 'password is [redacted]'],
  ])('%j is stored as %j', (typed, stored) => {
    expect(redactSecrets(typed)).toBe(stored);
  });
});

describe('tokens and codes that give themselves away', () => {
  it.each<[string, string]>([
    ['Slack said xoxb-1234-5678-abcdefghijkl is invalid', 'Slack said [redacted] is invalid'],
    [
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      '[redacted]',
    ],
    ['export GITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'export GITHUB_TOKEN=[redacted]'],
    ['GH_TOKEN=github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGH', 'GH_TOKEN=[redacted]'],
    ['recovery key 123456-234567-345678-456789-567890-678901-789012-890123', 'recovery key [redacted]'],
    ['k8s9x2m4q7w1e5r3t6y0u9', '[redacted]'],
    ['authenticator shows 493817 now', 'authenticator shows [redacted] now'],
    ['about ticket 4821: the text said 493817', 'about ticket 4821: the text said [redacted]'],
    ['https://jsmith:Hunter2!@vpn.contoso.com/login', 'https://jsmith:[redacted]@vpn.contoso.com/login'],
  ])('%j is stored as %j', (typed, stored) => {
    expect(redactSecrets(typed)).toBe(stored);
  });
});

describe('a password glued to something technical still goes', () => {
  it.each<[string, string]>([
    // [the password, what it is glued to or shaped like]
    ['Tr0ub(4)dor', 'a bracket inside'],
    ['Xk9$mQ2v.com', 'a domain ending'],
    ['Hunter2.Pass', 'a host name in mixed case'],
    ['P4ss!word@home.net', 'an e-mail address'],
    ['My!www.Pass1', 'a www. link'],
    ['Pass!0x1f', 'a hex code at the end'],
    ['0xC0ffee!Mug', 'a hex code at the start'],
    ['101Dalmatians!', 'digits at the start'],
    ['4Score&Seven', 'a number at the start'],
    ['Secret#10.0.0.1', 'an IPv4 address at the end'],
    ['10.0.0.1!Pass', 'an IPv4 address at the start'],
    ['face:B00k:pw#1', 'an IPv6-looking start'],
    ['X!9:ab:cd:ef', 'an IPv6-looking end'],
    ['BEEF:cafe1', 'hex digits and one colon'],
    ['Pw!3f2504e0-4f89-11d3-9a0c-0305e82c3301', 'a GUID at the end'],
    ['3f2504e0-4f89-11d3-9a0c-0305e82c3301!Pw', 'a GUID at the start'],
    ['Secret!1.2.3', 'a version at the end'],
    ['1.2.3Secret#9', 'a version at the start'],
    ['Pw#Pulse9.1', 'a product version at the end'],
    ['Pulse9.1.15#Pw', 'a product version at the start'],
    ['Windows10!Secret', 'a product name at the start'],
    ['MyOffice365', 'a product name at the end'],
    ['Pw!2026-11-25', 'a date at the end'],
    ['2026-11-25!Pw', 'a date at the start'],
    ['Pw!10:42', 'a time at the end'],
    ['10:42!Pw', 'a time at the start'],
    ['P@ss\\word1', 'a backslash like a Windows path'],
    ['CORP\\P@ss!', 'a domain and backslash'],
    ['/P@ss#1x', 'a slash like a Unix path'],
    ['%TEMP%Pw#1', 'an environment variable at the start'],
    ['Pw#1%TEMP%', 'an environment variable at the end'],
    ['Pass!word-Two2', 'a command-line option at the end'],
    ['-Secret!9', 'a leading dash like an option'],
    ['Springv2026', 'a protocol version (IKEv2)'],
    ['P@ss:word', 'a colon like a setting'],
    ['aB3=Welcome', 'an equals sign like a setting'],
    ['Xyz-abc=Welcome', 'a setting name that is not one'],
    ['ab-XYZ=Welcome', 'a setting name in two cases'],
    ['xyZ9=Welcome', 'a setting name ending in capitals'],
    ['ABc=Welcome', 'a setting name starting in capitals'],
    ['x-Abc=Welcome', 'a setting name ending in a word'],
    ['AbcD=Welcome', 'a setting name of words and a capital'],
    ['user=9Welcome', 'a setting whose value is a password'],
    ['Hi!!!!2U', 'half of it punctuation'],
    [PASSPHRASE_64, '64 characters'],
  ])('%j (%s) is taken out', (password) => {
    expect(redactSecrets(password)).toBe(REDACTED);
  });

  it.each<[string, string]>([
    ['Hunter2!!', '[redacted]'],
    ['Hunter22!!', '[redacted]'],
    ['is it Hunter22?!', 'is it [redacted]?!'],
    ['he typed ("Hunter2!")', 'he typed ("[redacted]")'],
  ])('the "!" after a password goes with it: %j is stored as %j', (typed, stored) => {
    expect(redactSecrets(typed)).toBe(stored);
  });
});

// Each of these mixes cases, digits and symbols like a password, but is a name, number or message a technician
// needs to read as typed.
describe('technical words that look like passwords stay', () => {
  it.each([
    'connect to VPN-GW01.contoso.com:8443 fails',
    'VPN-GW01.contoso.com/remote/login',
    'VPN-GW01.CONTOSO.COM:443',
    '-2l46885613',
    '::ffff:192.168.1.23',
    'fe80::1c2d:3e4f:5a6b:7c8d',
    '2001:db8::/32',
    '{3F2504E0-4f89-11D3-9a0c-0305E82C3301}',
    'v7.0.9-RC1',
    'v10.12.1-RC1',
    '2.1.0-Beta.3',
    'Pulse9.1.15',
    'NetScaler13.1',
    'iPhone15Pro',
    'iOS17.10beta',
    'IKEv2-3DES',
    '1000Mbps',
    '100.25Mbps',
    '2026-11-25T10:42:13.123+01:00',
    '2026-11-25T10:42:13+0100',
    '2026-11-25T10:42:13',
    '2026-11-25T10:42Z',
    '10:42:13Z',
    '10:42:13.250Z',
    '9:05:33PM',
    '9:05:33p.m.',
    '10:42p.m.',
    'CORP01\\jsmith',
    '../profiles/Client2.ovpn',
    '/srv2/vpn/Client.ovpn',
    '%ProgramData%',
    '<!subteam^S012ABC|@vpn-team> please help',
    '<#C024BE7LH|vpn-help>',
    'TcpTestSucceeded:False',
    'Cipher=AES256',
    'thumbprint A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
    'Contoso_VPN_2024_Pro',
    'Contoso_VPN_Profile_2024',
    'Contoso-VPN-2024-Profile-Backup',
    'vpn+not+connecting+after+update',
    'VPN+NOT+CONNECTING+AFTER+UPDATE',
    'AADSTS50126:Error_validating_credentials_due_to_invalid_username_or_password.',
    'Ticket# 4821937',
    'ticket no. 4821937',
    'ticket: 4821937',
  ])('%j stays as it is', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('talk about a password, and ordinary exclamations, stay', () => {
  it.each([
    'password: doesnt work',
    'password: didnt change',
    "password: won't work",
    'password is wont work',
    'password: isnt set',
    'password: wasnt set',
    'password is keep changing',
    'password is expire soon',
    'password is blocked',
    'password self-service portal is down',
    'the password is "fine"',
    'password: (expired)',
    "Shouldn't we be connected?",
    'Wouldn’t connect',
    'Working👍 now',
    'Awesome! It works',
    'Help!!!!!!1',
  ])('%j stays as it is', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});
