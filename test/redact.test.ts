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
