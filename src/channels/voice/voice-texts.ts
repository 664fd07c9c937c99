// The keys of what the voice line itself says (words in cards/phrases.yaml), and the sentences built from them.
import type { Flow } from '../../core/flow.ts';
import { fillPlaceholders, forAnswering, type OrgFacts } from '../../core/org-facts.ts';
import { NUMBER_VARIANT, type Phrases, say } from '../../core/phrases.ts';
import { digitsAloud, forTheEar } from '../../render/spoken.ts';

/** The voice-only phrase keys; their wording is in cards/phrases.yaml, like every other sentence. */
export const VOICE_TEXT_KEYS = [
  'voice.hint',
  'voice.choice',
  'voice.choiceKey',
  'voice.choicesMany',
  'voice.or',
  'voice.heard',
  'voice.confirm',
  'voice.confirmNo',
  'voice.silence',
  'voice.silenceOffer',
  'voice.goodbye',
  'voice.notAChoice',
  'voice.stepsOffer',
  'voice.stepOffer',
  'voice.textOffer',
  'voice.skipOffer',
  'voice.step',
  'voice.stepNext',
  'voice.stepLast',
  'voice.goOn',
  'voice.texted',
  'voice.textFailed',
  'voice.textIntro',
  'voice.caseNumber',
  'voice.caseWaiting',
  'voice.transfer',
  'voice.closed',
  'voice.closedNoHours',
  'voice.callBack',
  'voice.noAnswer',
  'voice.recordAsk',
  'voice.recorded',
  'voice.notRecorded',
  'voice.recordingLine',
  'voice.userName',
  'voice.failed',
  'voice.unavailable',
] as const;

/** A key of the voice line's own sentences. */
export type VoiceTextKey = (typeof VOICE_TEXT_KEYS)[number];

/** The engine's sentences the voice line says in its own words: `voice.say.<key>` instead of `<key>`. */
export const VOICE_SAID_INSTEAD = [
  'reask.text',
  'reask.idle',
  'empty.text',
  'help.text',
  'lookup.ask',
  'code.unknownUser',
  'closed.text',
  'picture.unreadable',
  'reminders.on',
  'reminders.off',
] as const;

/** The sentence for `key` from cards/phrases.yaml, with {names} filled from `vars`. */
export function voiceSay(
  phrases: Phrases,
  key: VoiceTextKey,
  vars: Record<string, string | number> = {},
): string {
  return say(phrases, key, vars);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Rewrites the engine's sentences written for typing ("Reply with the number…") into the voice line's words, {names}
 * and all: each of VOICE_SAID_INSTEAD as the engine says it on a numbered channel, and the help of each question of
 * `flow` that has a `voice.help.<question>` phrase, matched whole.
 */
export function voiceRewriter(phrases: Phrases, org: OrgFacts, flow?: Flow): (text: string) => string {
  const sources: [string, string | undefined][] = [
    ...VOICE_SAID_INSTEAD.map((key): [string, string | undefined] => [
      `voice.say.${key}`,
      phrases[`${key}${NUMBER_VARIANT}`] ?? phrases[key],
    ]),
    ...Object.entries(flow?.nodes ?? {}).map(([name, node]): [string, string | undefined] => [
      `voice.help.${name}`,
      node.help === undefined ? undefined : forAnswering(node.help, 'number'),
    ]),
  ];
  const rules = sources.flatMap(([targetKey, source]) => {
    const target = phrases[targetKey];
    if (!source || !target) return [];
    const filled = fillPlaceholders(source, org);
    const names: string[] = [];
    const pattern = escapeRegExp(filled).replace(/\\\{(\w+)\\\}/g, (_m, name: string) => {
      names.push(name);
      return '(.+?)';
    });
    return [{ re: new RegExp(`^${pattern}$`), names, target: fillPlaceholders(target, org) }];
  });
  return (text) => {
    for (const rule of rules) {
      const m = rule.re.exec(text);
      if (!m) continue;
      const vars = Object.fromEntries(rule.names.map((n, i) => [n, m[i + 1] ?? '']));
      return rule.target.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
    }
    return text;
  };
}

/** A case number said letter by letter ("V P N, K Q seven two M X"), so it can be written down. */
export function caseIdAloud(id: string): string {
  const [prefix, rest] = id.includes('-')
    ? [id.slice(0, id.indexOf('-')), id.slice(id.indexOf('-') + 1)]
    : ['', id];
  const spell = (s: string) => [...s].map((c) => (/\d/.test(c) ? digitsAloud(c) : c.toUpperCase())).join(' ');
  return [prefix && spell(prefix), spell(rest)].filter(Boolean).join(', ');
}

/** The choices of a question as said: "Say yes, or press 1." each, or "Press 1 for …, 2 for …" when there are many. */
export function choicesAloud(
  phrases: Phrases,
  choices: readonly string[],
  many = choices.length > 3,
): string {
  const labels = choices.map((c) => forTheEar(c).text.replace(/[.?!]$/, ''));
  if (!many)
    return labels.map((label, i) => voiceSay(phrases, 'voice.choice', { label, n: i + 1 })).join(' ');
  const items = labels.map((label, i) => voiceSay(phrases, 'voice.choiceKey', { label, n: i + 1 }));
  const list =
    items.length > 1
      ? `${items.slice(0, -1).join(', ')}, ${voiceSay(phrases, 'voice.or')} ${items.at(-1)}`
      : (items[0] ?? '');
  return voiceSay(phrases, 'voice.choicesMany', { list });
}
