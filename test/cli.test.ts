// `npx vpnbot code` and `npx vpnbot validate` as a tech or admin runs them: a real process, real output.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateAdaptiveCard } from './helpers/validate-adaptive.ts';

const vpnbot = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, ['bin/vpnbot.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const json = (args: string[]) => JSON.parse(vpnbot(['code', ...args, '--format', 'json']).out);

describe('vpnbot code', () => {
  it('721 as JSON names the code, GRE, and every field of docs/architecture.md §4', () => {
    const result = json(['721']);
    expect(result.query).toBe('721');
    const [first] = result.matches;
    expect(first.codes).toEqual([721]);
    expect(JSON.stringify(first)).toMatch(/GRE/);
    for (const key of ['title', 'meaning', 'causes', 'userSteps', 'techSteps', 'actor', 'topic'])
      expect(first).toHaveProperty(key);
    expect(result.suggestions).toEqual([]);
  });

  it('790 finds the 785–793 entry, listing every code it covers', () => {
    expect(json(['790']).matches[0].codes).toEqual([785, 786, 787, 788, 789, 790, 791, 792, 793]);
  });

  it('9999 has no match, suggests neighbours, and exits 1', () => {
    const run = vpnbot(['code', '9999', '--format', 'json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.out);
    expect(result.matches).toEqual([]);
    expect(result.suggestions.length).toBeGreaterThan(0);
    expect(vpnbot(['code', '9999']).out).toMatch(/don't know error 9999/);
  });

  it('pasted text ranks 809 first', () => {
    expect(json(['remote server is not responding']).matches[0].codes).toEqual([809]);
  });

  it.each<[string, number]>([
    ['Error code: 809', 809],
    ['my vpn says 721', 721],
    ['user has 868', 868],
    ['8O9', 809],
    ['-2146885613', 0x80092013],
  ])('%j finds code %i, not a keyword guess', (arg, code) => {
    const result = json([arg]);
    expect(result.kind).toBe('code');
    expect(result.matches[0].codes).toEqual([code]);
  });

  it('"vpn error 800 and 809" answers with a card for each code', () => {
    const run = vpnbot(['code', 'vpn error 800 and 809']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Error 800: [\s\S]*^Error 809: /m);
    const result = json(['vpn error 800 and 809']);
    expect(result.kind).toBe('codes');
    expect(result.codes).toEqual([800, 809]);
    expect(result.matches.map((m: { codes: number[] }) => m.codes)).toEqual([[800], [809]]);
  });

  it('a negative decimal HRESULT, as the README shows it, is a code and not an option; --format goes anywhere', () => {
    const text = vpnbot(['code', '-2146885613']);
    expect(text.err).toBe('');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Error 0x80092013/);
    for (const args of [
      ['--format', 'json', '-2146885613'],
      ['-2146885613', '--format', 'json'],
      ['-f', 'json', '-2146885613'],
    ]) {
      const run = vpnbot(['code', ...args]);
      expect(run.code, run.err).toBe(0);
      expect(JSON.parse(run.out).matches[0].codes).toEqual([0x80092013]);
    }
  });

  it('the org facts from the environment fill the placeholders', () => {
    const out = vpnbot(['code', '721'], { VPN_SERVER_NAME: 'vpn.contoso.example' }).out;
    expect(out).toContain('vpn.contoso.example');
    expect(out).not.toMatch(/\{vpnServer\}/);
  });

  it('text output is readable: title, meaning, numbered steps', () => {
    const out = vpnbot(['code', '721']).out;
    expect(out).toMatch(/Error 721/);
    expect(out).toMatch(/^1\. /m);
  });

  it('adaptive output is a valid Adaptive Card 1.5; blockkit output is Block Kit', () => {
    const cards = JSON.parse(vpnbot(['code', '721', '--format', 'adaptive']).out);
    expect(cards[0].version).toBe('1.5');
    expect(validateAdaptiveCard(cards[0])).toEqual([]);
    const messages = JSON.parse(vpnbot(['code', '721', '--format', 'blockkit']).out);
    expect(messages[0].blocks.length).toBeGreaterThan(0);
  });

  it.each([
    [[], /Look up a VPN error code/],
    [['x'.repeat(10_000)], /Nothing matched/],
    [['🙂🙂'], /Nothing matched/],
    [['<!channel>'], /Nothing matched/],
    [['$' + '{process.exit(3)}'], /Nothing matched/],
    [['\u0007\u001b[2J'], /Nothing matched|Look up a VPN error code/],
  ])('odd argument %j gets a clear answer, no stack trace', (args, expected) => {
    const run = vpnbot(['code', ...args]);
    expect(run.out + run.err).toMatch(expected);
    expect(run.err).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });

  it('a bad --format is refused with the allowed list', () => {
    const run = vpnbot(['code', '721', '--format', 'xml']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/text, json, adaptive, blockkit/);
  });
});

describe('vpnbot validate', () => {
  it('passes on the shipped content', () => {
    const run = vpnbot(['validate']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^ok: \d+ error-code entries/);
  });

  it('fails on broken content in CONTENT_DIR, naming file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpnbot-validate-'));
    for (const sub of ['knowledge', 'dialogs', 'cards']) cpSync(sub, join(dir, sub), { recursive: true });
    const flowFile = join(dir, 'dialogs', 'triage.yaml');
    writeFileSync(flowFile, readFileSync(flowFile, 'utf8').replace('next: vpn_type }', 'next: nowhere }'));
    const run = vpnbot(['validate'], { CONTENT_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/dialogs\/triage\.yaml:\d+: "nowhere" is not a node or outcome/);
  });
});

describe('vpnbot itself', () => {
  it('an unknown command shows the usage', () => {
    const run = vpnbot(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/unknown command.*\n[\s\S]*code/);
  });
});
