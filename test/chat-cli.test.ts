// `npx vpnbot chat` as a person scripts it: lines on stdin, the bot's answers as plain text on stdout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const chat = (lines: string[], args: string[] = [], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, ['bin/vpnbot.js', 'chat', ...args], {
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('vpnbot chat, scripted through stdin', () => {
  it.each<[string[], RegExp]>([
    [['hotel wifi wants my room number'], /Sign in to the Wi-Fi first[\s\S]*room number/],
    [['error 721'], /Error 721[\s\S]*GRE[\s\S]*Reply 1 Yes, fixed, 2 No, still broken, 3 Talk to a person/],
    [['hi'], /VPN help bot[\s\S]*error number[\s\S]*Reply 1 Start VPN troubleshooting/],
    [['vpn not working', '1', '6'], /Which kind of VPN[\s\S]*Reply 1 SSTP[\s\S]*hotspot/],
    [['error 721', '1'], /Glad you're connected again/],
    [['error 721', "it still won't connect"], /Error 721[\s\S]*next thing[\s\S]*This network blocks the VPN/],
    [['error 721', 'that did it'], /Glad you're connected again/],
  ])('%j → %s', (lines, expected) => {
    const run = chat(lines);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(expected);
  });

  it('answers every line, garbage included, without a stack trace', () => {
    const run = chat([
      '',
      '\u0000\u0007',
      'x'.repeat(20_000),
      '<!channel> $' + '{process.exit(3)}',
      'error 721',
    ]);
    expect(run.code).toBe(0);
    expect(run.out).not.toMatch(/\bat .*\.ts:\d+/);
    expect(run.out).toMatch(/Error 721/);
  });

  it('with --persist, a second run carries on the same conversation', () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'vpnbot-chat-')) };
    expect(chat(['vpn not working', '1'], ['--persist'], env).out).toMatch(/Which kind of VPN/);
    expect(chat(['ikev2'], ['--persist'], env).out).toMatch(/hotspot[\s\S]*UDP ports 500 and 4500/);
  });
});
