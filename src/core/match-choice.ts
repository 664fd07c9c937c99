// Understands a typed answer to a question: a choice's label, one of its phrases, or a plain yes/no/not sure.

/** What a choice can be recognised by. */
export interface Matchable {
  id: string;
  label: string;
  says: readonly string[];
}

const CANONICAL: [RegExp, string][] = [
  [
    /^(y|ya|yah|yea|yeah|yep|yup|yes+|sure|correct|right|affirmative|it does|it did|i do|i did|ok|okay|👍)$/,
    'yes',
  ],
  [
    /^(n|no+|nope|nah|not really|negative|it doesn'?t|it didn'?t|i don'?t|i didn'?t|no it doesn'?t|👎)$/,
    'no',
  ],
  [/^(idk|i dunno|dunno|not sure|unsure|maybe|no idea|i don'?t know|don'?t know|dont know|\?+)$/, 'not sure'],
];

/** Lower-case, punctuation-free, single-spaced form of a text. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}'👍👎?\\@ ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words that turn an answer around: "it never loads" must not pick "It loads". */
const NEGATION =
  /\b(not|never|no|nope|nothing|cannot|can'?t|don'?t|doesn'?t|didn'?t|won'?t|isn'?t|wasn'?t|fails?)\b/;

const canonical = (text: string) => CANONICAL.find(([re]) => re.test(text))?.[1] ?? text;

/** The id of the choice the text picks, or undefined when it is unclear (no match, or two equally good ones). */
export function matchChoice(text: string, choices: readonly Matchable[]): string | undefined {
  const said = canonical(normalize(text));
  if (!said) return undefined;
  const words = said.split(' ');
  const negated = NEGATION.test(said);
  let best: { id: string; score: number } | undefined;
  let tie = false;
  for (const choice of choices) {
    for (const phrase of [choice.label, choice.id.replace(/_/g, ' '), ...choice.says].map(normalize)) {
      if (!phrase) continue;
      let score = 0;
      if (said === phrase) score = 100 + phrase.length;
      else if (
        words.length <= 8 &&
        ` ${said} `.includes(` ${phrase} `) &&
        (!negated || NEGATION.test(phrase))
      )
        score = phrase.length;
      if (score === 0) continue;
      if (!best || score > best.score) {
        best = { id: choice.id, score };
        tie = false;
      } else if (score === best.score && best.id !== choice.id) {
        tie = true;
      }
    }
  }
  return best && !tie ? best.id : undefined;
}
