// With nothing configured the bot still speaks whole sentences; with everything configured it shows the org's
// own names and links. Checked on every outcome, every question's help and every code card a user sees.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { loadContent } from '../src/content/load-content.ts';
import { DEFAULT_FLOW_FILE, loadFlow } from '../src/content/load-flow.ts';
import { DEFAULT_KNOWLEDGE_FILE, loadKnowledge } from '../src/content/load-knowledge.ts';
import { ContentError } from '../src/content/load-yaml.ts';
import { codeCard } from '../src/core/code-card.ts';
import { initialState } from '../src/core/conversation-state.ts';
import { fillText } from '../src/core/engine-cards.ts';
import type { EngineContext } from '../src/core/engine-context.ts';
import {
  fillPlaceholders,
  type OrgFacts,
  PLACEHOLDERS,
  placeholdersIn,
  splitOtherwise,
  withOtherwise,
} from '../src/core/org-facts.ts';
import { type Facts, fitSteps } from '../src/core/step-rules.ts';
import { ORG_ALL_SET } from './helpers/org-settings.ts';

const content = loadContent();
const { flow, entries, phrases } = content;

const ALL_SET = ORG_ALL_SET;
const unset = loadConfig({}).org;
const allSet = loadConfig(ALL_SET).org;
/** The value each org placeholder takes once configured. */
const configured: Record<string, string> = {
  vpnServer: ALL_SET.VPN_SERVER_NAME,
  clientDownloadUrl: ALL_SET.VPN_CLIENT_DOWNLOAD_URL,
  accessRequestUrl: ALL_SET.VPN_ACCESS_REQUEST_URL,
  passwordResetUrl: ALL_SET.PASSWORD_RESET_URL,
  helpdesk: ALL_SET.HELPDESK_CONTACT,
};

/** fillText reads only the flow and the org from the context. */
const contextFor = (org: OrgFacts) => ({ flow, org, phrases }) as Partial<EngineContext> as EngineContext;
const stateWith = (vpnType?: string) => ({ ...initialState(0), vpnType });
/** The VPN types a conversation can be at: not asked yet, each one in the flow ("unknown" is "I don't know"). */
const VPN_TYPES: (string | undefined)[] = [undefined, ...Object.keys(flow.vpnTypes)];
const typeKnown = (vpnType: string | undefined) => vpnType !== undefined && vpnType !== 'unknown';

/** Every text the flow fills for a user: [where, written text]. */
const flowTexts: [string, string][] = [
  ...Object.entries(flow.outcomes).flatMap(([id, o]): [string, string][] => [
    [`outcome ${id} title`, o.title],
    [`outcome ${id} text`, o.text],
    ...o.steps.map((s, i): [string, string] => [`outcome ${id} step ${i + 1}`, s]),
  ]),
  ...Object.entries(flow.nodes).flatMap(([id, n]): [string, string][] => [
    [`question ${id} ask`, n.ask],
    ...(n.help ? [[`question ${id} help`, n.help] as [string, string]] : []),
  ]),
];

/** Every sentence of a code card a user sees (meaning and steps), as the bot fills it for `org`. */
const codeTexts = (org: OrgFacts): [string, string, string][] =>
  entries.flatMap((e) => {
    const card = codeCard(e, { org, phrases }, 'user');
    const texts = card.blocks.flatMap((b) =>
      b.kind === 'text' ? [b.text] : b.kind === 'steps' || b.kind === 'bullets' ? b.items : [],
    );
    const written = [e.meaning, ...e.userSteps];
    return texts.map((t, i): [string, string, string] => [`code ${e.id}`, written[i] ?? '', t]);
  });

/** The general wordings that must never be glued after a colon ("here: the software portal IT gave you"). */
const FALLBACK_PHRASES = [
  ...Object.values(PLACEHOLDERS),
  flow.vpnTypes.unknown?.name ?? 'your VPN',
  flow.vpnTypes.unknown?.ports ?? 'the ports your VPN needs',
];
const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What reads badly in a filled sentence, or nothing. */
function badEnglish(text: string): string[] {
  const problems: string[] = [];
  if (/\{\w+\}/.test(text)) problems.push('a placeholder is left unfilled');
  for (const phrase of FALLBACK_PHRASES) {
    if (new RegExp(`:[^.!?]*\\b${reEscape(phrase)}`, 'i').test(text))
      problems.push(`"${phrase}" is glued after a colon`);
  }
  const doubled = /\b(\w+ \w+ \w+)\b.*\b\1\b/i.exec(text);
  if (doubled) problems.push(`"${doubled[1]}" is said twice`);
  if (/(^|[.!?]\s+)[a-z]/.test(text)) problems.push('a sentence starts with a small letter');
  return problems;
}

describe('with no org setting configured and "I don\'t know" as the VPN type', () => {
  it('every outcome and every question says whole sentences', () => {
    const problems = VPN_TYPES.flatMap((vpnType) =>
      flowTexts.flatMap(([where, text]) => {
        const said = fillText(text, stateWith(vpnType), contextFor(unset));
        return badEnglish(said).map((p) => `${where} (type ${vpnType ?? 'not asked'}): ${p}: "${said}"`);
      }),
    );
    expect(problems).toEqual([]);
  });

  it('every code card a user sees says whole sentences', () => {
    const problems = codeTexts(unset).flatMap(([where, , said]) =>
      badEnglish(said).map((p) => `${where}: ${p}: "${said}"`),
    );
    expect(problems).toEqual([]);
  });

  it('the text an admin wrote for the unset case is what the bot says', () => {
    const client = flow.outcomes.client_software?.steps[0] ?? '';
    expect(fillText(client, stateWith('unknown'), contextFor(unset))).toBe(
      'Ask the help desk where to get the latest version.',
    );
    const blocked = flow.outcomes.protocol_blocked?.text ?? '';
    expect(fillText(blocked, stateWith('unknown'), contextFor(unset))).toBe(
      splitOtherwise(blocked).otherwise,
    );
  });
});

/**
 * Question help texts in `nodes:` that still fill a placeholder with a general phrase (owned by whoever edits
 * the questions; they need `{ say, otherwise }` like the outcomes). Remove an id once its help has an otherwise.
 */

describe('with every org setting configured and a VPN type picked', () => {
  it('every outcome and question shows the configured names and links, never the general wording', () => {
    const problems = VPN_TYPES.filter(typeKnown).flatMap((vpnType) =>
      flowTexts.flatMap(([where, text]) => {
        const said = fillText(text, stateWith(vpnType), contextFor(allSet));
        const type = flow.vpnTypes[vpnType ?? ''];
        const expected = placeholdersIn(splitOtherwise(text).say).map((name) =>
          name === 'ports' ? type?.ports : name === 'vpnTypeName' ? type?.name : configured[name],
        );
        return [
          ...badEnglish(said),
          ...expected.filter((v) => !v || !said.includes(v)).map((v) => `"${v}" is missing`),
          ...(splitOtherwise(text).otherwise !== undefined && said === splitOtherwise(text).otherwise
            ? ['says the unset sentence']
            : []),
        ].map((p) => `${where} (type ${vpnType}): ${p}: "${said}"`);
      }),
    );
    expect(problems).toEqual([]);
  });

  it('every code card shows the configured names and links', () => {
    const problems = codeTexts(allSet).flatMap(([where, written, said]) => [
      ...badEnglish(said).map((p) => `${where}: ${p}: "${said}"`),
      ...placeholdersIn(splitOtherwise(written).say)
        .filter((name) => !said.includes(configured[name] ?? '\u0000'))
        .map((name) => `${where}: {${name}} is not shown as ${configured[name]}: "${said}"`),
    ]);
    expect(problems).toEqual([]);
  });

  it('the content does use the configured values somewhere', () => {
    const said = [
      ...codeTexts(allSet).map(([, , s]) => s),
      ...flowTexts.map(([, t]) => fillText(t, stateWith('ikev2'), contextFor(allSet))),
    ].join('\n');
    for (const value of Object.values(configured)) expect(said).toContain(value);
    expect(said).toContain('UDP ports 500 and 4500');
  });
});

describe('a sentence written with its whole fallback', () => {
  const step = withOtherwise(
    'Get the latest version here: {clientDownloadUrl}',
    'Ask the help desk where to get the latest version.',
  );

  it('says the first sentence when its placeholders are set, the other one when not', () => {
    expect(fillPlaceholders(step, allSet)).toBe(
      `Get the latest version here: ${configured.clientDownloadUrl}`,
    );
    expect(fillPlaceholders(step, unset)).toBe('Ask the help desk where to get the latest version.');
    expect(fillPlaceholders(step, { ...unset, vpnServer: 'vpn.example' })).toBe(
      'Ask the help desk where to get the latest version.',
    );
  });

  it('keeps the `<token>` for a tech', () => {
    expect(fillPlaceholders(step, unset, 'token')).toBe('Get the latest version here: <client-download-url>');
  });

  it('plain sentences work as before', () => {
    expect(fillPlaceholders('Contact {helpdesk} now.', unset)).toBe('Contact the help desk now.');
    expect(fillPlaceholders('Contact {helpdesk} now.', allSet)).toBe(
      `Contact ${ALL_SET.HELPDESK_CONTACT} now.`,
    );
    expect(fillPlaceholders('Restart the laptop.', unset)).toBe('Restart the laptop.');
  });

  it('counts the VPN type as unknown until one is picked, and "I don\'t know" as unknown', () => {
    const help = withOtherwise(
      'Websites can work while the network blocks the VPN. {vpnTypeName} needs {ports} to get out.',
      "Websites can work while the network still blocks the VPN's own ports.",
    );
    const ctx = contextFor(unset);
    expect(fillText(help, stateWith('unknown'), ctx)).toBe(
      "Websites can work while the network still blocks the VPN's own ports.",
    );
    expect(fillText(help, stateWith(undefined), ctx)).toBe(
      "Websites can work while the network still blocks the VPN's own ports.",
    );
    expect(fillText(help, stateWith('pptp'), ctx)).toBe(
      'Websites can work while the network blocks the VPN. PPTP needs TCP port 1723 plus GRE (IP protocol 47) to get out.',
    );
  });
});

describe('an admin writes a sentence that would read badly unset', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpnbot-defaults-'));
  const problemsOf = (name: string, text: string, load: (file: string) => unknown): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    try {
      load(file);
    } catch (err) {
      if (err instanceof ContentError) return err.message;
      throw err;
    }
    return '';
  };
  const knowledge = readFileSync(DEFAULT_KNOWLEDGE_FILE, 'utf8');
  const flowText = readFileSync(DEFAULT_FLOW_FILE, 'utf8');
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('a placeholder right after a colon, with no otherwise, names the file and line', () => {
    const text = knowledge.replace(
      '      - Restart the laptop and try again.\n      - If it still fails, tell the help desk the code 609.',
      '      - "Restart the laptop, then call: {helpdesk}"\n      - If it still fails, tell the help desk the code 609.',
    );
    expect(text).not.toBe(knowledge);
    const message = problemsOf('error-codes.yaml', text, loadKnowledge);
    expect(message).toMatch(/\{helpdesk\} after a colon reads badly/);
    expect(message).toContain(`error-codes.yaml:${lineOf(text, 'then call: {helpdesk}')}:`);
  });

  it('an otherwise that uses the placeholder it stands in for is refused', () => {
    const text = flowText.replace(
      '        otherwise: Ask the help desk where to get the latest version.',
      '        otherwise: "Ask for {clientDownloadUrl}."',
    );
    expect(text).not.toBe(flowText);
    expect(problemsOf('triage.yaml', text, loadFlow)).toMatch(
      /triage\.yaml:\d+: outcomes\.client_software\.steps\.0\.otherwise: .*\{clientDownloadUrl\}/,
    );
  });

  it('an otherwise on a sentence without a placeholder is refused', () => {
    const text = flowText.replace(
      '      - Make sure Caps Lock is off.',
      '      - { say: Make sure Caps Lock is off., otherwise: Check Caps Lock. }',
    );
    expect(text).not.toBe(flowText);
    expect(problemsOf('triage.yaml', text, loadFlow)).toMatch(/"say" uses no placeholder/);
  });

  it('the shipped content is valid', () => {
    expect(problemsOf('error-codes.yaml', knowledge, loadKnowledge)).toBe('');
    expect(problemsOf('triage.yaml', flowText, loadFlow)).toBe('');
  });
});

describe('each step stands on its own once facts leave out its neighbours', () => {
  const shown = (steps: readonly string[], org: OrgFacts, facts: Facts) =>
    fitSteps(
      steps.map((s) => fillPlaceholders(s, org)),
      facts,
      [],
      content.stepRules,
    );
  const userSteps = (id: string) => entries.find((e) => e.id === id)?.userSteps ?? [];

  it('no step leans on the one before it ("Or…", "Otherwise…", "If it is…", "Then…")', () => {
    const all = [
      ...entries.flatMap((e) => e.userSteps),
      ...Object.values(flow.outcomes).flatMap((o) => o.steps),
    ];
    const leaning = [unset, allSet].flatMap((org) =>
      all
        .map((s) => fillPlaceholders(s, org))
        .filter((s) =>
          /^(or|otherwise|then|if (it|that) (is|fails too)|if nothing works anywhere)\b/i.test(s),
        ),
    );
    expect(leaning).toEqual([]);
  });

  it.each(['835', '13801', '0x800B010F'])(
    '%s keeps its certificate-name check when the server answers ping',
    (id) => {
      for (const org of [unset, allSet]) {
        expect(shown(userSteps(id), org, { server: 'answers' })[0]).toMatch(
          /^Check your VPN settings (connect|use)/,
        );
      }
    },
  );

  it('the Wi-Fi and cable advice stays when the hotspot is ruled out', () => {
    for (const steps of [userSteps('829'), flow.outcomes.connection_drops?.steps ?? []]) {
      for (const hotspot of ['failed', 'unavailable']) {
        const left = shown(steps, unset, { hotspot });
        expect(left).toContain('Move closer to the Wi-Fi, or use a network cable.');
        expect(left.join(' ')).not.toMatch(/hotspot/);
      }
    }
  });
});
