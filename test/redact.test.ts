// Secrets a stranded user types never reach a log, the store or an agent; the words that matter for triage do.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from '../src/core/redact.ts';

describe('secrets are taken out', () => {
  it.each<[string, string]>([
    ['my password is Hunter2!', 'Hunter2!'],
    ['password: tr0ub4dor&3', 'tr0ub4dor&3'],
    ['pw=letmein', 'letmein'],
    ['the code is 493817', '493817'],
    ['otp 12345678', '12345678'],
    ['i typed Summer2026! and it failed', 'Summer2026!'],
    ['token xoxb-1234-5678-abcdefghijkl', 'xoxb-1234-5678-abcdefghijkl'],
    ['it wants my pin 4821', '4821'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc123def456', 'eyJhbGciOiJIUzI1NiJ9'],
    ['my passwd is correcthorse', 'correcthorse'],
  ])('%j loses %j', (text, secret) => {
    const out = redactSecrets(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });
});

describe('what triage needs stays', () => {
  it.each([
    'error 721 remote peer not responding',
    'Error 0x80092013 on the always on vpn',
    'it says 13801',
    'my password expired yesterday',
    'the password is rejected every time',
    'I reset my password and it still fails',
    'user name CONTOSO\\jsmith or jsmith@contoso.com?',
    'vpn.contoso.com does not resolve',
    'hotel wifi wants my room number 1204',
    'drops after 30 seconds',
    'https://portal.example.com/login?next=home',
    'Hello! Thanks, VPN works.',
  ])('%j is kept as it is', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

// Passwords typed with no "password is" before them, as users paste them into a chat (issue 5), next to the
// error text, ids, names and command output a tech needs to read as typed. Each secret must go; the rest stays.
describe('passwords typed without a cue are taken out, and only they', () => {
  it.each<[string, string, string[]]>([
    // [what the user typed, what is stored, secrets that must be gone]
    ['Hunter2!', '[redacted]', ['Hunter2']],
    [
      'I logged in with Hunter2! and it still says 691',
      'I logged in with [redacted] and it still says 691',
      ['Hunter2'],
    ],
    ['…with Hunter2!', '…with [redacted]', ['Hunter2']],
    ['jsmith@corp.contoso.com / Hunter2!', 'jsmith@corp.contoso.com / [redacted]', ['Hunter2']],
    ['jsmith@corp… / Hunter2!', 'jsmith@corp… / [redacted]', ['Hunter2']],
    ['CONTOSO\\jsmith Autumn#2024', 'CONTOSO\\jsmith [redacted]', ['Autumn#2024']],
    ['tried Spring2025# twice, now locked out', 'tried [redacted] twice, now locked out', ['Spring2025']],
    ['new one is Tr0ub4dor&3 (just changed it)', 'new one is [redacted] (just changed it)', ['Tr0ub4dor']],
    ['username jsmith, Welcome1!', 'username jsmith, [redacted]', ['Welcome1']],
    ['P@ssw0rd', '[redacted]', ['P@ssw0rd']],
    ['i type "Xk9$mQ2v" and get 691', 'i type "[redacted]" and get 691', ['Xk9$mQ2v']],
    ['jsmith:Hunter2!', '[redacted]', ['Hunter2']],
    ['it was summer2026! before the reset', 'it was [redacted] before the reset', ['summer2026']],
    ['the one I use is Qwerty123$.', 'the one I use is [redacted].', ['Qwerty123']],
    [
      'Tried Winter-2026 then Winter-2027',
      'Tried [redacted] then [redacted]',
      ['Winter-2026', 'Winter-2027'],
    ],
    ['(Hunter2!) is what I type', '([redacted]) is what I type', ['Hunter2']],
    ['Contraseña2024 no funciona', '[redacted] no funciona', ['Contraseña2024']],
    ['jsmith@contoso.com:Hunter2!', '[redacted]', ['Hunter2']],
    ['key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'key [redacted]', ['wJalrXUtnFEMI']],
    ['ghp_16C7e42F292c6912E7710c838347Ae178B4a in the config', '[redacted] in the config', ['ghp_16C7']],
    [
      'https://vpn.contoso.com/sso?code=0AXoAc2VjcmV0T2tlbjEyMzQ1Njc4OTA&state=home',
      'https://vpn.contoso.com/sso?code=[redacted]&state=home',
      ['0AXoAc2VjcmV0'],
    ],
    [
      "my pw isn't Hunter2!, it was Hunter3!",
      "my pw isn't [redacted], it was [redacted]",
      ['Hunter2', 'Hunter3'],
    ],
    ['the code is 493817', 'the code is [redacted]', ['493817']],
  ])('%j is stored as %j', (typed, stored, secrets) => {
    const out = redactSecrets(typed);
    expect(out).toBe(stored);
    for (const secret of secrets) expect(out).not.toContain(secret);
  });

  it.each([
    'error 721',
    'Error 0x800B0109 when connecting',
    'it shows -2146885613',
    'A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider. (0x800B0109)',
    'CRYPT_E_REVOCATION_OFFLINE 0x80092013 (-2146885613), sometimes just 80092013',
    'AADSTS50126: Error validating credentials due to invalid username or password.',
    'The remote connection was denied because the user name and password combination you provided is not recognized',
    'the error says ERROR_IPSEC_IKE_POLICY_CHANGE',
    'ticket INC0012345 from last week, case #4821937',
    'Correlation ID: 3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    'Activity ID: {9A1B2C3D-4E5F-6A7B-8C9D-0E1F2A3B4C5D}',
    'VPN-GW01.contoso.com does not resolve',
    'server vpn.contoso.com:443 times out',
    'laptop LAPTOP-7Q2K9F3M, hostname DESKTOP-4F7G2HJ',
    'mail me at j.smith2@contoso.com',
    'UPN is jsmith@contoso.onmicrosoft.com',
    'CONTOSO\\jsmith',
    'signed in as contoso\\J.Smith2',
    'client v4.2.1 on Windows 11',
    'Microsoft Windows [Version 10.0.19045.3803]',
    'GlobalProtect 6.2.1-12 says portal not found, FortiClient7.0.9 too',
    'C:\\ProgramData\\Microsoft\\Network\\Connections\\Pbk\\rasphone.pbk',
    'log is at C:\\Users\\jsmith2\\AppData\\Local\\Cisco\\Cisco Secure Client\\vpn.log',
    '%APPDATA%\\Microsoft\\Network\\Connections\\Pbk\\rasphone.pbk',
    'the profile is in /etc/strongswan/ipsec.d/ and /home/jsmith2/Downloads/client.ovpn',
    'Pinging vpn.contoso.com [203.0.113.5] with 32 bytes of data:',
    'Reply from 203.0.113.5: bytes=32 time=40ms TTL=52',
    'Reply from 192.168.1.1: bytes=32 time<1ms TTL=64',
    'Reply from 192.168.1.1: Destination host unreachable.',
    'Minimum = 39ms, Maximum = 41ms, Average = 40ms',
    'Request timed out.',
    'Test-NetConnection vpn.contoso.com -Port 443 -InformationLevel Detailed',
    'ComputerName     : vpn.contoso.com',
    'RemoteAddress    : 203.0.113.10',
    'InterfaceAlias   : Wi-Fi',
    'SourceAddress    : 192.168.1.23',
    'TcpTestSucceeded : False',
    'PingReplyDetails (RTT) : 0 ms',
    'WARNING: TCP connect to (203.0.113.10 : 443) failed',
    'IPv4 Address. . . . . . . . . . . : 192.168.1.23(Preferred)',
    'Link-local IPv6 Address . . . . . : fe80::1c2d:3e4f:5a6b:7c8d%12(Preferred)',
    'Physical Address. . . . . . . . . : 3C-52-82-1A-2B-3C',
    'using IKEv2/IPsec, tried L2TP/IPsec and IPv4/IPv6 too',
    'WPA2-Enterprise hotel network, 2.4GHz, 802.11ac',
    'Windows10 laptop, iPhone15 works, Office365 fine',
    'event 20227 from Microsoft-Windows-RasClient/Operational at 2026-11-25T10:42:13Z',
    'connection dropped at 10:42:13 AM',
    'CN=vpn.contoso.com, OU=IT, O=Contoso Ltd, C=US',
    "I shouldn't need to, it worked Tuesday. Doesn't today!",
    'my password-protected laptop, the password, it fails',
    "my password isn't working",
    '<@U024BE7LH> can you look at this?',
    'it says Ox80092013, I typed it off the screen',
    'nope the password is fine, it was accepted yesterday',
    'A home router does not pass GRE. *Check-Point:* no',
    'call me on +15550177 or ext 4821937',
  ])('%j stays as it is', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});
