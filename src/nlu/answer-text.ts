// Turns a typed answer or a content phrase into the word stems the answer reader compares, with clause breaks.
import { stemOf } from './normalize.ts';
import { NOT_CONTRACTIONS } from './synonyms.ts';
import type { TypoFixer } from './typo-fix.ts';

/** Marks the end of a clause ("no, it works" is two clauses); never part of a phrase. */
export const BREAK = '|';

/** Words that carry nothing for an answer; left out of texts and phrases alike. */
const FILLERS = new Set(
  (
    'a an the my your our its it this that is am are was were be been i me just really very so please pls ' +
    'plz um umm uh hmm oh well actually literally currently then lol tbh haha hi hey let lets we us you ' +
    'could would will shall'
  ).split(' '),
);

/** Contractions written without the apostrophe, as phones and hurried people type them. */
const BARE_CONTRACTIONS: Record<string, string> = {
  ...NOT_CONTRACTIONS,
  im: 'i',
  ive: 'i have',
  idk: 'idk',
  thats: 'that',
  whats: 'what',
  theres: 'there',
  thru: 'through',
  tho: 'though',
  np: 'no problem',
  does: 'do',
  did: 'do',
};

const EMOJI: [RegExp, string][] = [
  [/👍|✅|👌|🎉|🙌/gu, ' yes '],
  [/👎|❌/gu, ' no '],
];

/** Lower-case words with clause breaks, contractions spelt out, before fillers go and stems are taken. */
export function answerWords(text: string): string[] {
  let lower = ` ${text.slice(0, 1000).toLowerCase()} `;
  for (const [re, word] of EMOJI) lower = lower.replace(re, word);
  lower = lower
    .replace(/[’‘`´]/g, "'")
    .replace(/\bcan'?t\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/\bain't\b/g, 'is not')
    .replace(/\b(\w+)n't\b/g, '$1 not')
    .replace(/'(?:m|re|ve|ll|d|s)\b/g, '')
    .replace(/\?+/g, ' ? ')
    .replace(/[.,;:!()\n]+|\bbut\b|\bthough\b|\bhowever\b/g, ` ${BREAK} `);
  // "S S T P" is one word spelt out.
  lower = lower.replace(/\b[a-z](?: [a-z]\b){2,}/g, (run) => run.replace(/ /g, ''));
  const out: string[] = [];
  for (const token of lower.match(/[a-z0-9]+|\?|\|/g) ?? []) {
    const spelt = BARE_CONTRACTIONS[token];
    if (spelt) out.push(...spelt.split(' '));
    else out.push(token);
  }
  return out;
}

const sorted = (w: string) => [...w].sort().join('');

/** True when `short` is `long` with letters left out, in order ("idk" in "idek"). */
function inside(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/**
 * Short words are only taken for typos of a known word when a letter was swapped, added or dropped ("lodas" →
 * "loads", "idek" → "idk"), never changed ("might" is not "right").
 */
function plausibleTypo(word: string, fixed: string): boolean {
  if (word.length >= 6 || sorted(word) === sorted(fixed)) return true;
  return word.length > fixed.length ? inside(fixed, word) : inside(word, fixed);
}

/** The stems of a text as the reader compares them: fillers out, typos fixed when `fixer` knows the word. */
export function answerStems(text: string, fixer?: TypoFixer, known?: ReadonlySet<string>): string[] {
  const stems: string[] = [];
  for (const word of answerWords(text)) {
    if (FILLERS.has(word)) continue;
    if (word === BREAK) {
      if (stems.length && stems[stems.length - 1] !== BREAK) stems.push(BREAK);
      continue;
    }
    const fixed =
      known && fixer && !known.has(word) && /^[a-z]{4,}$/.test(word) ? fixer.fix(word) : undefined;
    stems.push(stemOf(fixed && plausibleTypo(word, fixed) ? fixed : word));
  }
  while (stems[stems.length - 1] === BREAK) stems.pop();
  return stems;
}
