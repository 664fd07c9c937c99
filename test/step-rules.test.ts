import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlow } from '../src/content/load-flow.ts';
import { loadKnowledge } from '../src/content/load-knowledge.ts';
import { DEFAULT_STEP_RULES_FILE, loadStepRules } from '../src/content/load-step-rules.ts';
import { ContentError } from '../src/content/load-yaml.ts';
import { fillPlaceholders, type OrgFacts } from '../src/core/org-facts.ts';
import { FACT_VALUES, type Facts, fitSteps, stepKey } from '../src/core/step-rules.ts';

const rules = loadStepRules();
const entries = loadKnowledge();
const outcomes = loadFlow().outcomes;
const acme: OrgFacts = {
  vpnServer: 'vpn.acme.example',
  clientDownloadUrl: 'https://acme.example/vpn-app',
  accessRequestUrl: 'https://acme.example/access',
  passwordResetUrl: 'https://acme.example/reset',
  helpdesk: '+1 555 0100',
  vpnTypes: [],
};
const unconfigured: OrgFacts = { vpnTypes: [] };
/** A code entry's user steps, filled in as the bot shows them. */
const userSteps = (id: string, org = acme) => {
  const entry = entries.find((e) => e.id === id);
  if (!entry) throw new Error(`no entry ${id}`);
  return entry.userSteps.map((s) => fillPlaceholders(s, org));
};
const fitted = (steps: string[], facts: Facts, given: string[] = []) => fitSteps(steps, facts, given, rules);

describe('fitting a card to what the user already said', () => {
  it.each<[string, string, Facts, number[]]>([
    ['nothing is known yet: the card as written', '721', {}, [0, 1, 2, 3]],
    ['the VPN fails on the hotspot too: no hotspot, no home router', '721', { hotspot: 'failed' }, [3]],
    ['there is no hotspot to try: the home router still helps', '721', { hotspot: 'unavailable' }, [2, 3]],
    ['the hotspot works: the hotspot first, then the rest', '619', { hotspot: 'works' }, [1, 0, 2]],
    ['it used to work: no access request', '649', { history: 'worked' }, [2]],
    ['a new starter: ask for access first', '812', { history: 'new' }, [0, 1]],
    ['the password is not the problem: no Caps Lock or name format', '691', { signin: 'other' }, [2, 3]],
    ['the server answered ping: no server-name check', '868', { server: 'answers' }, [0, 2, 3]],
    ['the server name is not found: check it first', '868', { server: 'not_found' }, [1, 0, 2, 3]],
    [
      'the user said what the internet does: no "check the internet"',
      '809',
      { internet: 'works' },
      [1, 2, 3],
    ],
    ['a sign-in page: sign in first', '678', { internet: 'portal' }, [1, 2, 3]],
    ['no error number on screen: no "note the number"', '785-793', { code: 'none' }, [1, 2]],
  ])('%s (%s)', (_what, id, facts, shown) => {
    const steps = userSteps(id);
    expect(fitted(steps, facts)).toEqual(shown.map((i) => steps[i]));
  });

  it('works the same on outcome cards: an up-to-date app keeps only Windows Update', () => {
    const steps = outcomes.client_software?.steps ?? [];
    expect(fitted(steps, { client: 'current' })).toEqual(steps.filter((s) => /windows update/i.test(s)));
    expect(fitted(steps, { client: 'current', vpnType: 'ssl' })).toEqual([]);
  });

  it('leaves out steps the user has had already, but never the way to the help desk', () => {
    const first = userSteps('609');
    const given = first.map(stepKey);
    expect(fitted(userSteps('651'), {}, given)).toEqual([
      'If it still fails, tell the help desk the code 651.',
    ]);
  });

  it('when only given steps are left, shows the last one that is not ruled out', () => {
    const steps = outcomes.already_connected?.steps ?? [];
    expect(fitted(steps, {}, steps.map(stepKey))).toEqual(steps.slice(-1));
  });

  it('a given step that a fact rules out is not brought back', () => {
    const steps = userSteps('692');
    expect(fitted(steps, { hotspot: 'failed' }, steps.map(stepKey))).toEqual(steps.slice(-1));
    expect(fitted(steps.slice(0, 2), { hotspot: 'failed' }, [])).toEqual([]);
  });
});

describe('stepKey', () => {
  const reset = 'If you forgot your password or are locked out, reset it: {passwordResetUrl}';

  it('is short and does not change between releases (keys are stored in conversations)', () => {
    expect(stepKey('Restart the laptop and try again.')).toBe(stepKey('restart the laptop and try again'));
    expect(stepKey('Restart the laptop and try again.')).toBe('1gft1dt');
    for (const steps of [
      ...entries.map((e) => e.userSteps),
      ...Object.values(outcomes).map((o) => o.steps),
    ]) {
      for (const step of steps) expect(stepKey(step).length).toBeLessThanOrEqual(8);
    }
  });

  it('ignores case, punctuation and how placeholders were filled', () => {
    const key = stepKey(reset);
    expect(stepKey(fillPlaceholders(reset, acme))).toBe(key);
    expect(stepKey(fillPlaceholders(reset, unconfigured))).toBe(key);
    expect(stepKey(reset.toUpperCase().replace(',', ''))).toBe(key);
    expect(stepKey('Call {helpdesk} now.')).toBe(stepKey(fillPlaceholders('Call {helpdesk} now.', acme)));
    expect(stepKey("Try again on your phone's hotspot.")).toBe(stepKey('Try again on your phones hotspot'));
  });

  it('tells different advice apart', () => {
    const advice = new Set(
      [...entries.flatMap((e) => e.userSteps), ...Object.values(outcomes).flatMap((o) => o.steps)]
        .filter((s) => !/help desk/i.test(s))
        .map((s) =>
          s
            .toLowerCase()
            .replace(/[^a-z]+/g, ' ')
            .trim(),
        ),
    );
    expect(new Set([...advice].map(stepKey)).size).toBe(advice.size);
  });
});

describe('the shipped rules never let a card contradict the user', () => {
  /** Independent of dialogs/facts.yaml: what a step must not say once the user told us a fact. */
  const contradicts: [fact: string, values: string[], says: RegExp][] = [
    ['hotspot', ['failed', 'unavailable'], /hotspot|\b(another|a different) network/i],
    ['hotspot', ['failed'], /passthrough|network (you were on )?(is )?block/i],
    ['client', ['current'], /\b(re)?install (it|the)\b|\bupdate (the|your) vpn (app|client)|latest version/i],
    ['server', ['answers'], /\bping\b|server('s)? name/i],
    ['signin', ['other'], /caps lock|user ?name/i],
    ['history', ['worked'], /ask for (vpn )?access|once access is granted/i],
    ['history', ['new'], /usually connect/i],
    ['internet', ['works'], /terms page|sign-in page|wi-fi is on/i],
    ['internet', ['none'], /terms page|sign-in page|if websites work/i],
    ['internet', ['works', 'portal', 'none'], /check the internet/i],
    ['vpnType', ['ssl'], /windows update/i],
    ['code', ['none'], /note the (exact |error )?number/i],
  ];
  const cards: [string, string[]][] = [
    ...entries.map((e): [string, string[]] => [`code ${e.id}`, e.userSteps]),
    ...Object.entries(outcomes).map(([id, o]): [string, string[]] => [`outcome ${id}`, o.steps]),
  ];
  const oneFact: Facts[] = Object.entries(FACT_VALUES).flatMap(([fact, values]) =>
    values.map((value) => ({ [fact]: value })),
  );
  const twoFacts: Facts[] = oneFact.flatMap((a, i) =>
    oneFact.slice(i + 1).flatMap((b) => (Object.keys(a)[0] === Object.keys(b)[0] ? [] : [{ ...a, ...b }])),
  );
  const filled = (org: OrgFacts) =>
    cards.map(([card, written]): [string, string[]] => [card, written.map((s) => fillPlaceholders(s, org))]);
  const problemsWith = (facts: Facts, shown: [string, string[]][]): string[] =>
    shown.flatMap(([card, steps]) =>
      fitted(steps, facts).flatMap((step) =>
        contradicts
          .filter(([fact, values, says]) => values.includes(facts[fact] ?? '') && says.test(step))
          .map(([fact]) => `${card} with ${fact}=${facts[fact]} still says "${step}"`),
      ),
    );

  it('for every value of every fact, and every pair of facts', () => {
    for (const shown of [filled(acme), filled(unconfigured)]) {
      expect([...oneFact, ...twoFacts].flatMap((facts) => problemsWith(facts, shown))).toEqual([]);
    }
  });

  it('every error-code card keeps at least one step whatever single fact is known', () => {
    const empty = entries.flatMap((e) =>
      oneFact
        .filter((facts) => fitted(e.userSteps, facts).length === 0)
        .map((f) => `${e.id} ${JSON.stringify(f)}`),
    );
    expect(empty).toEqual([]);
  });

  it('with nothing known and nothing given, every card is shown as written', () => {
    for (const [, steps] of cards) expect(fitted(steps, {})).toEqual(steps);
  });

  it('every rule recognises at least one shipped step', () => {
    const steps = cards.flatMap(([, s]) => s);
    const idle = rules.filter((r) => !steps.some((s) => r.match.some((re) => re.test(s))));
    expect(idle.map((r) => r.about)).toEqual([]);
  });
});

describe('an admin makes a mistake in dialogs/facts.yaml', () => {
  const shipped = readFileSync(DEFAULT_STEP_RULES_FILE, 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'vpnbot-facts-'));
  const problemsIn = (text: string): string => {
    const file = join(dir, 'facts.yaml');
    writeFileSync(file, text);
    try {
      loadStepRules(file);
    } catch (err) {
      if (err instanceof ContentError) return err.message;
      throw err;
    }
    return '';
  };
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it.each<[string, string, string, RegExp, string?]>([
    ['an unknown fact', 'dropWhen: { hotspot:', 'dropWhen: { hotspt:', /"hotspt" is not a fact/],
    ['an unknown value', 'client: [current]', 'client: [curent]', /"curent" is not a value of client/],
    ['a broken regular expression', "'caps ?lock'", "'caps (lock'", /not a valid regular expression/],
    [
      'a rule that does nothing',
      '    keep: true',
      '    keep: false',
      /needs dropWhen, firstWhen or keep/,
      'about: The way out',
    ],
  ])('%s names the file and the line', (_what, from, to, message, ruleAbout) => {
    const text = shipped.replace(from, to);
    expect(text).not.toBe(shipped);
    const problems = problemsIn(text);
    expect(problems).toMatch(message);
    expect(problems).toContain(`facts.yaml:${lineOf(text, ruleAbout ?? to)}:`);
  });

  it('a YAML syntax error names the file and line', () => {
    expect(problemsIn(shipped.replace('rules:', 'rules: [oops'))).toMatch(/facts\.yaml:\d+: /);
  });

  it('the shipped file is valid', () => {
    expect(problemsIn(shipped)).toBe('');
  });
});
