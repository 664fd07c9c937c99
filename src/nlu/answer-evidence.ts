// Weighs a typed answer against the choices of the question being asked: their words, the pasted command output
// they stand for, and everyday yes/no/unsure/can't, with negation ("I don't have a hotspot" is not "yes").
import type { AnswerWords } from '../core/answer-words.ts';
import type { AnswerChoice } from '../core/engine-context.ts';
import type { Meaning } from '../core/flow.ts';
import { answerStems, BREAK } from './answer-text.ts';
import { createTypoFixer } from './typo-fix.ts';

/** What the words of a text say for each choice, how much of the text that explains, and (when asked) features for a model. */
export interface Evidence {
  scores: Map<string, number>;
  coverage: number;
  features: string[];
}

/** Weighs `text` against `choices`; `withFeatures` also lists the features a model reads. */
export type AnswerEvidence = (
  text: string,
  choices: readonly AnswerChoice[],
  withFeatures?: boolean,
) => Evidence;

interface Phrase {
  stems: string[];
  key: string;
  negative: boolean;
}

type Source = { kind: 'choice'; id: string } | { kind: 'meaning'; meaning: Meaning };

interface Match {
  start: number;
  end: number;
  source: Source;
  negative: boolean;
}

/** How many words a negation reaches forward ("doesn't really load" still negates "load"). */
const NEGATION_REACH = 3;
/** Evidence a whole-message match or pasted output adds: more than any run of words. */
const EXACT = 10;
const OUTPUT = 6;
/** A generic "yes" or "no" counts for less than a choice's own words ("yeah, but it's outdated" is outdated). */
const MEANING_WEIGHT = 0.5;

/** Words that turn around the word before them ("connection failed" is not "it connects"). */
const POST_NEGATORS = new Set(['fail', 'broke', 'dead', 'drop']);
/** How many recent texts keep their stems. */
const RECENT = 64;
/** Words after a doubt that make the rest its object ("no idea whether it's updated"). */
const DOUBT_OBJECT = new Set(['if', 'whether', 'which', 'what', 'how', 'about']);
/** Words that say little about which answer is meant, left out when measuring how much of a text an answer explains. */
const LIGHT = new Set(
  'at all on in to of for with from by now there here laptop pc comput vpn wifi anymor again either also too ani some can'.split(
    ' ',
  ),
);

const OPPOSITE: Partial<Record<Meaning, Meaning>> = { yes: 'no', no: 'yes' };

/** Builds the weighing over the answer words and every phrase it will be asked about (for typo fixing). */
export function createAnswerEvidence(words: AnswerWords, vocabulary: readonly string[]): AnswerEvidence {
  const counts = new Map<string, number>();
  const allPhrases = [
    ...vocabulary,
    ...Object.values(words.meanings).flat(),
    ...words.negations,
    ...Object.values(words.prompts).flatMap((p) => Object.values(p).flatMap((c) => c.says)),
    ...Object.values(words.commands).flat(),
  ];
  for (const p of allPhrases)
    for (const w of p.toLowerCase().match(/[a-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  const known = new Set(counts.keys());
  const fixer = createTypoFixer(counts);

  const negators = new Set(
    words.negations
      .map(
        (n) =>
          answerStems(n)
            .filter((s) => s !== BREAK)
            .at(-1) ?? '',
      )
      .filter(Boolean),
  );
  const compiled = new Map<string, Phrase>();
  const phraseOf = (text: string): Phrase => {
    let p = compiled.get(text);
    if (!p) {
      const stems = answerStems(text).filter((s) => s !== BREAK);
      p = { stems, key: stems.join(' '), negative: stems.some((s) => negators.has(s)) };
      compiled.set(text, p);
    }
    return p;
  };
  const meaningPhrases = (Object.keys(words.meanings) as Meaning[]).map(
    (meaning) => [meaning, words.meanings[meaning].map(phraseOf)] as const,
  );
  const patterns = new Map<string, RegExp>();
  const patternOf = (p: string) => {
    let re = patterns.get(p);
    if (!re) {
      re = new RegExp(p, 'i');
      patterns.set(p, re);
    }
    return re;
  };

  const find = (stems: string[], present: Set<string>, phrase: Phrase, source: Source, into: Match[]) => {
    const n = phrase.stems.length;
    if (!n || !present.has(phrase.stems[0] ?? '')) return;
    for (let i = 0; i + n <= stems.length; i++) {
      let same = true;
      for (let k = 0; k < n && same; k++) same = stems[i + k] === phrase.stems[k];
      if (same) into.push({ start: i, end: i + n, source, negative: phrase.negative });
    }
  };

  // The same text is weighed against several sets of choices in one turn: its stems are worked out once.
  const recent = new Map<string, string[]>();
  const stemsOf = (text: string) => {
    let stems = recent.get(text);
    if (!stems) {
      stems = answerStems(text, fixer, known);
      if (recent.size >= RECENT) recent.clear();
      recent.set(text, stems);
    }
    return stems;
  };

  return (text, choices, withFeatures = false) => {
    const stems = stemsOf(text);
    const present = new Set(stems);
    const content = stems.filter((s) => s !== BREAK);
    const whole = content.join(' ');
    const score = new Map<string, number>(choices.map((c) => [c.id, 0]));
    const add = (id: string | undefined, n: number) => {
      if (id !== undefined) score.set(id, (score.get(id) ?? 0) + n);
    };
    const byMeaning = (m: Meaning): string | undefined => {
      const direct = choices.find((c) => c.means === m);
      if (direct) return direct.id;
      if (m === 'unsure') return choices.find((c) => c.means === 'cant')?.id;
      if (m === 'cant') return choices.find((c) => c.means === 'unsure')?.id;
      return undefined;
    };

    const candidates: Match[] = [];
    let pasted = false;
    for (const c of choices) {
      const own = [c.label, c.id.replace(/_/g, ' '), ...c.says].map(phraseOf);
      for (const p of own) {
        if (whole && p.key === whole) add(c.id, EXACT);
        find(stems, present, p, { kind: 'choice', id: c.id }, candidates);
      }
      if (c.output?.some((o) => patternOf(o).test(text))) {
        add(c.id, OUTPUT);
        pasted = true;
      }
    }
    // Everyday answers only count where some choice stands for them (or their opposite).
    const answerable = (m: Meaning) =>
      byMeaning(m) !== undefined || byMeaning(OPPOSITE[m] ?? m) !== undefined;
    for (const [meaning, list] of meaningPhrases)
      for (const p of answerable(meaning) ? list : []) {
        if (whole && p.key === whole) add(byMeaning(meaning), EXACT);
        find(stems, present, p, { kind: 'meaning', meaning }, candidates);
      }

    const length = (m: Match) => m.end - m.start;
    candidates.sort(
      (a, b) =>
        length(b) - length(a) ||
        (a.source.kind === b.source.kind ? 0 : a.source.kind === 'choice' ? -1 : 1) ||
        a.start - b.start,
    );
    const taken = new Array<boolean>(stems.length).fill(false);
    const accepted: Match[] = [];
    for (const m of candidates) {
      let free = true;
      for (let i = m.start; i < m.end && free; i++) free = !taken[i];
      if (!free) continue;
      for (let i = m.start; i < m.end; i++) taken[i] = true;
      accepted.push(m);
    }
    const meansOf = (m: Match) =>
      m.source.kind === 'choice'
        ? choices.find((c) => c.id === (m.source as { id: string }).id)?.means
        : undefined;
    // A lone "no" right before words of a choice that isn't itself the "no" answer negates them
    // ("no sign-in page" is not "Sign-in page"); before the "no" answer's own words it agrees ("nope, same error").
    const used = accepted.filter((m) => {
      if (m.source.kind !== 'meaning' || length(m) !== 1 || !negators.has(stems[m.start] ?? '')) return true;
      const next = accepted.find((o) => o.source.kind === 'choice' && o.start === m.end);
      const release = next !== undefined && meansOf(next) !== 'no' && meansOf(next) !== 'unsure';
      if (release) taken[m.start] = false;
      return !release;
    });
    // "Not sure if it's updated": what follows the doubt is its object, not an answer.
    const doubtful = (m: Match) =>
      m.source.kind === 'meaning' ? m.source.meaning === 'unsure' : meansOf(m) === 'unsure';
    const doubt = used.find((m) => doubtful(m) && DOUBT_OBJECT.has(stems[m.end] ?? ''));
    const counted = doubt ? used.filter((m) => m.start <= doubt.start) : used;
    const negated = (m: Match) => {
      if (m.negative) return false;
      let flips = POST_NEGATORS.has(stems[m.end] ?? '') ? 1 : 0;
      for (let i = m.start - 1; i >= 0 && i >= m.start - NEGATION_REACH; i--) {
        const s = stems[i] ?? '';
        if (s === BREAK) break;
        if (!taken[i] && negators.has(s)) flips++;
      }
      return flips % 2 === 1;
    };

    for (const m of counted) {
      const n = length(m);
      const flipped = negated(m);
      if (m.source.kind === 'meaning') {
        const meaning = flipped ? OPPOSITE[m.source.meaning] : m.source.meaning;
        if (meaning) add(byMeaning(meaning), n * MEANING_WEIGHT);
        continue;
      }
      if (!flipped) {
        add(m.source.id, n);
        continue;
      }
      const means = meansOf(m);
      const opposite = means ? OPPOSITE[means] : undefined;
      if (opposite) add(byMeaning(opposite), n);
      else add(m.source.id, -n);
    }

    const weighed = stems.map((s, i) => ({ s, i })).filter(({ s }) => s !== BREAK && !LIGHT.has(s));
    const covered = weighed.filter(({ i }) => taken[i]).length;
    const coverage = pasted
      ? 1
      : weighed.length
        ? Math.min(1, covered / weighed.length)
        : content.length
          ? 1
          : 0;

    const features: string[] = [];
    if (!withFeatures) return { scores: score, coverage, features };
    let scope = 0;
    let previous = '';
    stems.forEach((s, i) => {
      if (s === BREAK) {
        scope = 0;
        previous = '';
        return;
      }
      features.push(scope > 0 ? `n:${s}` : `w:${s}`);
      if (previous) features.push(`b:${previous} ${s}`);
      previous = s;
      scope = !taken[i] && negators.has(s) ? NEGATION_REACH : Math.max(0, scope - 1);
    });
    for (const m of counted) {
      if (m.source.kind === 'meaning') {
        const meaning = negated(m) ? OPPOSITE[m.source.meaning] : m.source.meaning;
        if (meaning) features.push(`m:${meaning}`);
      } else features.push(negated(m) ? `rn:${m.source.id}` : `r:${m.source.id}`);
    }
    for (const c of choices) if (c.output?.some((o) => patternOf(o).test(text))) features.push(`o:${c.id}`);
    return { scores: score, coverage, features };
  };
}
