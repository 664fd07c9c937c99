// Fits a card's advice steps to what the user already said (dialogs/facts.yaml); pure, no I/O.
import * as z from 'zod';
import { PLACEHOLDERS } from './org-facts.ts';
import { patternText } from './pattern-schema.ts';

/** The facts a conversation can record and the values each can take; a fact not yet known is absent. */
export const FACT_VALUES = {
  internet: ['works', 'portal', 'none'],
  hotspot: ['works', 'failed', 'unavailable'],
  vpnType: ['sstp', 'ssl', 'ikev2', 'l2tp', 'pptp', 'unknown'],
  history: ['worked', 'new', 'unsure'],
  server: ['answers', 'not_found', 'timed_out', 'untested'],
  client: ['current', 'outdated', 'missing', 'unsure'],
  signin: ['rejected', 'other', 'unsure'],
  code: ['none', 'lost'],
} as const satisfies Record<string, readonly string[]>;
/** The name of one fact. */
export type FactName = keyof typeof FACT_VALUES;
/** What the conversation knows: fact name → value; any fact may be absent. */
export type Facts = Readonly<Record<string, string>>;

const FACT_NAMES = Object.keys(FACT_VALUES) as FactName[];
const isFactName = (name: string): name is FactName => Object.hasOwn(FACT_VALUES, name);

const pattern = patternText.transform((p) => new RegExp(p, 'i'));

/** `{ fact: [values] }`: holds when any one of the named facts is known and has one of the listed values. */
const condition = z
  .record(z.string(), z.array(z.string()).min(1))
  .superRefine((cond, ctx) => {
    for (const [name, values] of Object.entries(cond)) {
      if (!isFactName(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `"${name}" is not a fact; the facts are ${FACT_NAMES.join(', ')}`,
        });
        continue;
      }
      const known: readonly string[] = FACT_VALUES[name];
      values.forEach((value, i) => {
        if (!known.includes(value)) {
          ctx.addIssue({
            code: 'custom',
            path: [name, i],
            message: `"${value}" is not a value of ${name}; use ${known.join(', ')}`,
          });
        }
      });
    }
  })
  .default({});

const ruleSchema = z
  .strictObject({
    /** A short name for the idea, for the admin reading the file. */
    about: z.string().min(3).max(100),
    /** The step is recognised when any of these matches its text (case-insensitive)… */
    match: z.array(pattern).min(1),
    /** …and none of these does. */
    except: z.array(pattern).default([]),
    dropWhen: condition,
    firstWhen: condition,
    /** The way out (contact the help desk): shown again even when the user has had it already. */
    keep: z.boolean().default(false),
  })
  .refine((r) => r.keep || Object.keys(r.dropWhen).length || Object.keys(r.firstWhen).length, {
    message: 'a rule needs dropWhen, firstWhen or keep: true',
  });

/** Schema of dialogs/facts.yaml; regular expressions come out compiled. */
export const stepRulesFileSchema = z.strictObject({
  version: z.literal(1),
  rules: z.array(ruleSchema).min(1),
});

/** One rule: which steps it recognises and what known facts do to them. */
export type StepRule = z.output<typeof ruleSchema>;
/** All rules, in file order. */
export type StepRules = readonly StepRule[];

type Condition = StepRule['dropWhen'];

const holds = (cond: Condition, facts: Facts): boolean =>
  Object.entries(cond).some(([name, values]) => {
    const value = facts[name];
    return value !== undefined && values.includes(value);
  });

const recognises = (rule: StepRule, step: string): boolean =>
  rule.match.some((re) => re.test(step)) && !rule.except.some((re) => re.test(step));

interface Verdict {
  dropped: boolean;
  first: boolean;
  keep: boolean;
}

function judge(step: string, facts: Facts, rules: StepRules): Verdict {
  const verdict: Verdict = { dropped: false, first: false, keep: false };
  for (const rule of rules) {
    if (!recognises(rule, step)) continue;
    verdict.dropped ||= holds(rule.dropWhen, facts);
    verdict.first ||= holds(rule.firstWhen, facts);
    verdict.keep ||= rule.keep;
  }
  return verdict;
}

const wasGiven = (step: string, given: readonly string[]) =>
  given.length > 0 && given.includes(stepKey(step));

/** The steps to show, fitted to what the conversation knows: ruled-out steps dropped, likely ones first, steps given before left out. */
export function fitSteps(
  steps: readonly string[],
  facts: Facts,
  given: readonly string[],
  rules: StepRules,
): string[] {
  const verdicts = steps.map((step) => judge(step, facts, rules));
  const shown = steps
    .map((step, i) => ({ step, verdict: verdicts[i] as Verdict }))
    .filter(({ step, verdict }) => !verdict.dropped && (verdict.keep || !wasGiven(step, given)));
  const fitted = [
    ...shown.filter(({ verdict }) => verdict.first),
    ...shown.filter(({ verdict }) => !verdict.first),
  ].map(({ step }) => step);
  if (fitted.length) return fitted;
  const lastStanding = steps.findLastIndex((_, i) => !verdicts[i]?.dropped);
  return lastStanding >= 0 ? [steps[lastStanding] as string] : [];
}

const PROSE_FILLS = Object.values(PLACEHOLDERS).map((p) => p.toLowerCase());
const FILLED_VALUES = [
  /\{\w+\}/g, // a placeholder not filled yet
  /\b(?:https?:\/\/|www\.)\S+/g, // a link
  /\S+@\S+/g, // an e-mail address
  /\b[\w-]+(?:\.[\w-]+)+\b/g, // a host name
  /\S*\d\S*/g, // a number: a code, a phone number
];

/** A short stable key for a step (for `given`, stored per conversation, so keep it ≤ 8 chars), insensitive to case, punctuation and placeholders being filled. */
export function stepKey(step: string): string {
  // What follows ": " is where the content puts a filled-in value ("Ask for access here: {accessRequestUrl}").
  let text = step.toLowerCase().split(/:\s/)[0] ?? '';
  for (const re of FILLED_VALUES) text = text.replace(re, ' ');
  for (const prose of PROSE_FILLS) text = text.split(prose).join(' ');
  const words = text
    .replace(/['’]/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < words.length; i++) {
    hash ^= words.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
