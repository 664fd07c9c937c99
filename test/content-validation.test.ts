import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLACK_TEXT_KEYS } from '../src/channels/slack/slack-texts.ts';
import { TEAMS_TEXT_KEYS } from '../src/channels/teams/teams-texts.ts';
import { DEFAULT_FLOW_FILE, loadFlow } from '../src/content/load-flow.ts';
import { DEFAULT_KNOWLEDGE_FILE, loadKnowledge } from '../src/content/load-knowledge.ts';
import { loadPhrases } from '../src/content/load-phrases.ts';
import { ContentError } from '../src/content/load-yaml.ts';

const dir = mkdtempSync(join(tmpdir(), 'vpnbot-content-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const problemsOf = (load: () => unknown): string => {
  try {
    load();
  } catch (err) {
    if (err instanceof ContentError) return err.message;
    throw err;
  }
  return '';
};

describe('an admin edits the content files and makes a mistake', () => {
  const knowledge = readFileSync(DEFAULT_KNOWLEDGE_FILE, 'utf8');
  const flow = readFileSync(DEFAULT_FLOW_FILE, 'utf8');

  it.each<[string, string, string, RegExp]>([
    [
      'knowledge',
      'a YAML syntax error',
      knowledge.replace('entries:', 'entries: [oops'),
      /error-codes\.yaml:\d+: /,
    ],
    [
      'knowledge',
      'an unknown actor',
      knowledge.replace('actor: local-network', 'actor: nobody'),
      /error-codes\.yaml:\d+: entries\.\d+\.actor/,
    ],
    [
      'knowledge',
      'a misspelled field',
      knowledge.replace('    title: The VPN server never', '    titel: The VPN server never'),
      /titel|title/,
    ],
    [
      'knowledge',
      'a duplicate code',
      `${knowledge}\n  - ${knowledge.split('\n  - ')[1]}`,
      /already has an entry/,
    ],
    [
      'flow',
      'a choice to nowhere',
      flow.replace('next: vpn_type }', 'next: vpn_typo }'),
      /triage\.yaml:\d+: "vpn_typo" is not a node/,
    ],
    [
      'flow',
      'a missing question text',
      flow.replace('    ask: Is the internet really working on the laptop?\n', ''),
      /triage\.yaml:\d+: nodes\.internet\.ask/,
    ],
  ])('%s file with %s names the file and line', (kind, _what, text, expected) => {
    const file = write(kind === 'flow' ? 'triage.yaml' : 'error-codes.yaml', text);
    const message = problemsOf(() => (kind === 'flow' ? loadFlow(file) : loadKnowledge(file)));
    expect(message).toMatch(expected);
  });

  it('points at the line of the bad value', () => {
    const text = knowledge.replace('actor: local-network', 'actor: nobody');
    const line = text.split('\n').findIndex((l) => l.includes('actor: nobody')) + 1;
    const message = problemsOf(() => loadKnowledge(write('error-codes.yaml', text)));
    expect(message).toContain(`error-codes.yaml:${line}:`);
  });

  it('a missing file is a clear problem, not a crash', () => {
    expect(problemsOf(() => loadKnowledge(join(dir, 'nope.yaml')))).toMatch(/nope\.yaml:1: cannot read file/);
  });
});

describe('every sentence a channel says is in cards/phrases.yaml', () => {
  it.each([...SLACK_TEXT_KEYS, ...TEAMS_TEXT_KEYS])('%s', (key) => {
    expect(loadPhrases()[key]?.trim()).toBeTruthy();
  });
});
