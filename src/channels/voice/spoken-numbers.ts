// Number words as a speech recogniser writes them ("seven twenty-one", "eight oh nine") turned into the digits of a code.
// words-to-numbers was tried first: it reads "seven twenty one" as "7 21" and "eight oh nine" as "8 oh 9" (a sum,
// not a code) and pulls in babel-runtime 6, so this small reader does the one job the voice line needs (docs/voice.md).

const UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  oh: 0,
  o: 0,
  nought: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};
const TEENS: Readonly<Record<string, number>> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
/** Words a recogniser writes for a digit it heard between other digits ("seven to one"). */
const SOUND_ALIKE: Readonly<Record<string, number>> = { to: 2, too: 2, for: 4, won: 1, ate: 8 };
const REPEATS: Readonly<Record<string, number>> = { double: 2, triple: 3 };

type Token =
  | { kind: 'digits'; text: string }
  | { kind: 'word'; word: string }
  | { kind: 'other'; text: string };

const isNumberWord = (w: string) =>
  w in UNITS || w in TEENS || w in TENS || w === 'hundred' || w === 'thousand' || w in REPEATS;

/** Reads the number words of one run (no gaps) as a string of digits; undefined when they do not make one. */
function runDigits(words: readonly string[]): string | undefined {
  let out = '';
  let i = 0;
  const peek = () => words[i];
  /** A value under 100 starting at i ("twenty one", "nine", "fifteen"), or undefined. */
  const underHundred = (): number | undefined => {
    const w = peek() ?? '';
    if (w in TEENS) {
      i++;
      return TEENS[w];
    }
    if (w in TENS) {
      i++;
      const u = peek();
      if (u && u in UNITS && UNITS[u] !== 0 && u !== 'o') {
        i++;
        return (TENS[w] ?? 0) + (UNITS[u] ?? 0);
      }
      return TENS[w];
    }
    if (w in UNITS) {
      i++;
      return UNITS[w];
    }
    return undefined;
  };
  while (i < words.length) {
    const w = words[i] ?? '';
    if (/^\d+$/.test(w)) {
      out += w;
      i++;
      continue;
    }
    if (w in REPEATS) {
      i++;
      const next = words[i];
      if (next === undefined || !(next in UNITS)) return undefined;
      out += String(UNITS[next]).repeat(REPEATS[w] ?? 1);
      i++;
      continue;
    }
    const start = i;
    const first = underHundred();
    if (first === undefined) return undefined;
    if (peek() === 'thousand') {
      i++;
      if (peek() === 'and') i++;
      const rest = hundreds();
      out += String(first * 1000 + (rest ?? 0));
      continue;
    }
    if (peek() === 'hundred' && start === i - 1 && first < 10) {
      i++;
      if (peek() === 'and') i++;
      const rest = underHundred();
      out += String(first * 100 + (rest ?? 0));
      continue;
    }
    out += String(first);
  }
  return out || undefined;

  /** "eight hundred nine", "forty", or nothing: a value under 1000. */
  function hundreds(): number | undefined {
    const save = i;
    const lead = underHundred();
    if (lead === undefined) return undefined;
    if (peek() === 'hundred' && lead < 10) {
      i++;
      if (peek() === 'and') i++;
      return lead * 100 + (underHundred() ?? 0);
    }
    if (i === save) return undefined;
    return lead;
  }
}

function tokenize(text: string): Token[] {
  return text
    .split(/(\s+|-(?=[a-z]))/i)
    .filter((t) => t && !/^\s+$/.test(t) && t !== '-')
    .map((t): Token => {
      const bare = t.toLowerCase().replace(/[.,!?;:]+$/, '');
      if (/^\d+$/.test(bare)) return { kind: 'digits', text: bare };
      if (isNumberWord(bare) || bare === 'and' || bare in SOUND_ALIKE) return { kind: 'word', word: bare };
      return { kind: 'other', text: t };
    });
}

/**
 * `text` with each run of number words and digits written as one number, the way codes are said: "seven two one",
 * "seven twenty-one", "7 21" and "seven hundred and twenty one" all become "721"; "eight oh nine" and "eight
 * hundred nine" become "809"; "double oh" is "00". Sound-alikes ("to", "for") count only between number words,
 * and "and" only after "hundred" or "thousand"; everything else is kept as said.
 */
export function digitsFromSpeech(text: string): string {
  const tokens = tokenize(text);
  const out: string[] = [];
  let run: string[] = [];
  const isNumeric = (t: Token | undefined) =>
    t !== undefined && (t.kind === 'digits' || (t.kind === 'word' && isNumberWord(t.word)));
  const flush = () => {
    // Trailing glue words ("and", "to") were never part of the number.
    const tail: string[] = [];
    while (run.length && (run.at(-1) === 'and' || (run.at(-1) ?? '') in SOUND_ALIKE))
      tail.unshift(run.pop() ?? '');
    // A lone "oh" is a sigh, not a zero.
    if (run.length === 1 && (run[0] === 'oh' || run[0] === 'o')) out.push(run[0]);
    else if (run.length) out.push(runDigits(run) ?? run.join(' '));
    out.push(...tail);
    run = [];
  };
  tokens.forEach((t, idx) => {
    if (t.kind === 'digits') run.push(t.text);
    else if (t.kind === 'word' && isNumberWord(t.word)) run.push(t.word);
    else if (t.kind === 'word' && t.word === 'and' && (run.at(-1) === 'hundred' || run.at(-1) === 'thousand'))
      run.push('and');
    else if (t.kind === 'word' && t.word in SOUND_ALIKE && run.length && isNumeric(tokens[idx + 1]))
      run.push(String(SOUND_ALIKE[t.word]));
    else {
      flush();
      out.push(t.kind === 'other' ? t.text : t.word);
    }
  });
  flush();
  return out.join(' ');
}
