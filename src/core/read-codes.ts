// The one code reader: what a piece of text (a chat message, a /vpncode query, a screenshot's OCR) says about
// error codes. It finds the codes a person wrote ("error 721", "it says 809", "8O9", "0x80092013",
// "-2146885613"), leaves alone the numbers that are not codes (ports, rooms, times, counts, phone numbers,
// years), and weighs the number against the dialog words around it. Pure, no I/O.
import type { CodeLookup } from './code-lookup.ts';
import type { ScoredEntry } from './code-search.ts';
import { type Entry, formatCode } from './knowledge.ts';
import { parseCodeArg } from './parse-code.ts';

/** The longest text read for codes; the rest is ignored (the NLU reads as much). */
export const MAX_CODE_TEXT_CHARS = 1000;

/** The codes the knowledge base knows, as the reader needs them to tell a bare code from any other number. */
export interface KnownCodes {
  has(code: number): boolean;
}

/** What a piece of text says about error codes, given the knowledge base. */
export type CodeReading =
  /** No code, and no dialog text of a known entry. */
  | { kind: 'none' }
  /**
   * One or more known codes, in the order written, and their entries in that order (an entry once).
   * `misread` is the number as written when it was no known code and the words corrected it (see readCodes).
   */
  | { kind: 'codes'; codes: number[]; entries: Entry[]; misread?: number }
  /** A number that is no known code, and the words don't name one; `nearest` are the closest known codes. */
  | { kind: 'unknown'; code: number; nearest: Entry[] }
  /** No (known) number, but the words quote this entry's dialog text; `confident` when clearly (see readCodes). */
  | { kind: 'text'; entry: Entry; confident: boolean }
  /** The code as written (first) and the entry its words clearly quote (second) disagree: ask which. */
  | { kind: 'either'; options: [{ code: number; entry: Entry }, { code: number; entry: Entry }] };

/**
 * A quote this strong (ScoredEntry.strength, 0–1) clearly names its entry. Chosen from the data in
 * test/read-codes.test.ts: every screen text of the knowledge base and 50 pasted, partial and OCR-damaged
 * dialog texts reach 0.83 or more (the weakest is the partial "the remote server is not responding");
 * sentences that are not dialog text stay at 0.68 or below ("the vpn connection attempt failed" 0.68, "the dns
 * server is not responding" 0.66, most 0). Of the ~1,000 NLU dev and training lines without a code only four
 * quote a dialog at all, and the two above the line use the dialogs' own words ("the name of the remote
 * access server did not resolve", "the connection is already established elsewhere").
 */
export const CLEAR_QUOTE = 0.75;
/**
 * The best-quoted entry must fit this many times better than the next (ScoredEntry.fit) to be told apart.
 * Screen texts that differ in one word (741 "local" / 742 "remote") are 1.2 apart; 787 and 835 share theirs.
 */
export const CLEAR_MARGIN = 1.1;

// ---- finding the numbers -------------------------------------------------------------------------------

/** Words that make the number after them a code, whatever its size. */
const STRONG_CUES = new Set(['error', 'errors', 'err', 'errno', 'code', 'codes', 'hresult', 'rras', 'ras']);

/** Verbs that make a 3–5 digit number after them a code ("it says 721", "getting 809"). */
const WEAK_CUES = new Set(
  (
    'says said say saying shows showed showing shown show get gets getting got gives gave giving give ' +
    'see sees seeing saw reads read reading displays displayed displaying pops popped popping returns ' +
    'returned returning throws threw throwing receive receives received receiving hit hitting hits ' +
    'reported reports'
  ).split(' '),
);

/** Words that may stand between a cue and its number ("error number 721", "the error is 691"). */
const FILLERS = new Set(
  '# : = - no nr num number is was a an the of message msg me this it again still'.split(' '),
);

/** Words after which a number is something else: a port, a room, a version, a duration, a ticket. */
const NON_CODE_CUES = new Set(
  (
    'port ports udp tcp ip room rm floor fl level windows win version ver v build kb after before for about ' +
    'around approx approximately within every each last past next since until till from than over under ' +
    'only like maybe step steps ticket tickets case inc incident req request ref reference order extension ' +
    'ext phone tel mobile cell call text sms pin otp passcode password verification page line item slide ' +
    'seat gate flight terminal bus train platform building bldg suite apt desk office zip postcode row ' +
    'account employee id badge asset tag serial model iphone android ios macos latitude thinkpad elitebook ' +
    'xps precision surface mtu vlan channel size top bottom at in'
  ).split(' '),
);

/** Words before "code" that make it a sign-in or voucher code, not an error code. */
const NOT_ERROR_CODE = new Set(
  'verification security sms text otp mfa auth authenticator access voucher promo discount zip postal area time login pin'.split(
    ' ',
  ),
);

/** Words after a number that make it a quantity. */
const UNITS = new Set(
  (
    's sec secs second seconds min mins minute minutes hour hours hr hrs h day days week weeks month months ' +
    'year years yr yrs time times x tries attempts ms mb gb kb tb mbps kbps gbps ghz mhz percent people users ' +
    'persons employees staff pages km miles mi m ft feet meters euros eur dollars usd bucks pounds gbp am pm ' +
    'degrees bytes packets laptops devices computers pcs machines'
  ).split(' '),
);

/** Words ending in "s" that may follow a code without making it a count ("721 keeps coming back"). */
const S_WORDS_AFTER_CODE = new Set(
  (
    'is was has does says shows keeps comes pops appears happens means occurs returns displays gets goes ' +
    'errors codes always sometimes this thus plus pls thanks thx yes as us its persists continues remains ' +
    'reappears whats lets'
  ).split(' '),
);

/** Words after a number that end a possible "750 unread emails" noun phrase. */
const BEFORE_NOUN_STOPS = new Set(
  'for since in on at when and or but every each all again now today the a my is was it'.split(' '),
);

const LIST_LINKS = new Set(['/', ',', '&', '-', 'and', 'or', 'then', 'also', 'plus', 'and/or']);

/** Windows RAS and IKE error numbers: bare numbers in these ranges next to VPN words are taken as codes. */
const PLAUSIBLE = [
  [600, 899],
  [13800, 13999],
] as const;
const VPN_CONTEXT =
  /\b(vpn|connect\w*|disconnect\w*|tunnel|dial\w*|rras|sstp|l2tp|ikev2|pptp|ipsec|remote access)\b/;

const BLANKS: RegExp[] = [
  /\bhttps?:\/\/\S+|\bwww\.\S+|(?<![\w.+-])[\w.+-]{1,64}@\S+/g,
  /\b\d+(?:\.\d+)+\b/g,
  /\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\b\.?)?/g,
  /\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b/g,
  /\b\d{1,2}\/\d{1,2}\b/g,
  /\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,5}/g,
  /\(\d{2,5}\)\s?\d{3,4}[\s.-]?\d{3,4}\b/g,
  /\b\d{3}[\s.-]\d{3}[\s.-]\d{4}\b/g,
  /\b\d{3}-\d{4}\b/g,
  /\b0\d{3,4}\s?\d{6}\b/g,
  /\b0\d{2,4}[\s.-]\d{3,4}[\s.-]\d{3,4}\b/g,
  /[$€£]\s?\d[\d,.]*/g,
  /\b\d{1,6}\s?%/g,
];

const TOKEN = /(?<![a-z0-9])-\d{9,10}(?![a-z0-9])|[a-z0-9]+(?:'[a-z]+)?|[#:=/,&]|(?<=\d)-(?=\d)/g;

type Strength = 'strong' | 'weak' | 'none' | 'veto';

interface Decision {
  index: number;
  strength: Strength;
  code: number | undefined;
}

const isNumberToken = (t: string) => /^(?:-?\d+|0x[0-9a-f]+)$/.test(t);

/**
 * A token typed or OCR'd with look-alike letters, spelled with digits: O/o → 0 and l/I/| → 1 inside a
 * token of 3–5 characters that is otherwise digits and starts with a digit or has more digits than letters
 * ("8O9", "72l", "8OO", "l38O1"), and inside a hex HRESULT ("0x800B01O9", "Ox80092013"); any other token
 * as it is ("lol", "IO", "l0l", "oil").
 */
export function digitsForLookAlikes(token: string): string {
  const t = token.toLowerCase();
  if (/^[0-9oil]{3,5}$/.test(t)) {
    const letters = t.replace(/\d/g, '').length;
    const digits = t.length - letters;
    const reads = letters > 0 && digits > 0 && (/^\d/.test(t) || digits > letters);
    return reads ? t.replace(/o/g, '0').replace(/[il]/g, '1') : token;
  }
  const hex = /^[o0]x([0-9a-foil]{8})$/.exec(t);
  if (hex?.[1] && (t.startsWith('o') || /[oil]/.test(hex[1])))
    return `0x${hex[1].replace(/o/g, '0').replace(/[il]/g, '1')}`;
  return token;
}

function cueBefore(tokens: string[], i: number): Strength {
  let j = i - 1;
  let skipped = 0;
  while (j >= 0 && skipped < 3 && FILLERS.has(tokens[j] ?? '')) {
    j--;
    skipped++;
  }
  const word = tokens[j] ?? '';
  const before = tokens[j - 1] ?? '';
  if (STRONG_CUES.has(word)) return word.startsWith('code') && NOT_ERROR_CODE.has(before) ? 'veto' : 'strong';
  if (WEAK_CUES.has(word)) return 'weak';
  if (word === 'with' && /^(fail|error|crash|disconnect|drop|reject|exit|quit|end|stop)/.test(before))
    return 'weak';
  if (NON_CODE_CUES.has(word)) return 'veto';
  if (tokens[i - 1] === '#') return 'weak';
  return 'none';
}

function quantityAfter(tokens: string[], i: number): boolean {
  const next = tokens[i + 1] ?? '';
  return UNITS.has(next);
}

const countNoun = (word: string) =>
  UNITS.has(word) ||
  (word.length >= 3 && word.endsWith('s') && !S_WORDS_AFTER_CODE.has(word) && /^[a-z]+$/.test(word));

function countNounAfter(tokens: string[], i: number): boolean {
  const [next = '', then = ''] = tokens.slice(i + 1, i + 3);
  return countNoun(next) || (/^[a-z]+$/.test(next) && !BEFORE_NOUN_STOPS.has(next) && countNoun(then));
}

function parseNumber(token: string, strength: Strength): number | undefined {
  if (token.startsWith('-')) {
    const n = Number(token);
    return n >= -0x80000000 ? n >>> 0 : undefined;
  }
  if (token.startsWith('0x')) return token.length <= 10 ? Number.parseInt(token.slice(2), 16) : undefined;
  if (/^8[0-9a-f]{7}$/.test(token) && (strength === 'strong' || strength === 'weak'))
    return Number.parseInt(token, 16);
  if (!/^\d+$/.test(token)) return undefined;
  const n = Number(token);
  if (strength === 'strong') {
    if (token.length >= 2 && token.length <= 5) return n;
    if (token.length === 10 && n >= 0x80000000 && n <= 0xffffffff) return n;
    return undefined;
  }
  return token.length >= 3 && token.length <= 5 ? n : undefined;
}

function linkedToPrevious(tokens: string[], prev: Decision | undefined, i: number): boolean {
  if (!prev) return false;
  const between = tokens.slice(prev.index + 1, i);
  return between.length <= 2 && between.every((t) => LIST_LINKS.has(t));
}

function splitGlued(token: string): string[] {
  const glued = /^(error|err|code)(\d{2,5})$/.exec(token);
  return glued?.[1] && glued[2] ? [glued[1], glued[2]] : [token];
}

/**
 * The codes written in `text`, in order and without repeats; a bare number counts only when `knownCodes`
 * has it, when it is the whole message, or when it looks like a Windows VPN error next to VPN words.
 * Look-alike letters are read as digits (see digitsForLookAlikes).
 */
export function extractCodes(text: string, knownCodes: KnownCodes): number[] {
  if (!/\d/.test(text)) return [];
  let lower = text
    .slice(0, MAX_CODE_TEXT_CHARS)
    .toLowerCase()
    .replace(/(?<=[0-9oil])\|(?=[0-9oil])|(?<=\d)\||\|(?=\d)/g, 'l');
  for (const pattern of BLANKS) lower = lower.replace(pattern, ' ');
  const tokens = (lower.match(TOKEN) ?? []).map(digitsForLookAlikes).flatMap(splitGlued);
  const onlyNumber = tokens.length === 1 || (tokens.length === 2 && tokens[0] === '#');
  const vpnContext = VPN_CONTEXT.test(lower);
  const found: number[] = [];
  let prev: Decision | undefined;

  tokens.forEach((token, i) => {
    const numeric = isNumberToken(token) || /^8[0-9a-f]{7}$/.test(token);
    if (!numeric) return;
    const linked = linkedToPrevious(tokens, prev, i);
    const afterNonCode = prev?.index === i - 1 && prev.code === undefined;
    const strength: Strength = afterNonCode
      ? 'veto'
      : linked && prev && prev.strength !== 'none'
        ? prev.strength
        : cueBefore(tokens, i);
    let code: number | undefined;
    const special = token.startsWith('-') || token.startsWith('0x');
    if (special || (strength !== 'veto' && !quantityAfter(tokens, i))) {
      code = parseNumber(token, strength);
      if (code !== undefined && strength === 'none' && !special) {
        const bare =
          knownCodes.has(code) ||
          (onlyNumber && token.length >= 3) ||
          (vpnContext && PLAUSIBLE.some(([from, to]) => code !== undefined && code >= from && code <= to));
        if (!bare || countNounAfter(tokens, i)) code = undefined;
      }
      if (code !== undefined && strength === 'weak' && countNounAfter(tokens, i)) code = undefined;
    }
    prev = { index: i, strength, code };
    if (code !== undefined && !found.includes(code)) found.push(code);
  });
  return found;
}

/**
 * The code a text is and nothing else, however it is written: "721", "#721", "error 721", "Error code: 809",
 * "8O9", "0x800B0109", "-2146885613"; undefined for anything more (a sentence, a range, a word).
 */
export function bareCode(text: string): number | undefined {
  const t = text
    .trim()
    .replace(/^(?:(?:error|err|code|hresult|rras|ras)\s*[#:]?\s*)+|^#\s*/i, '')
    .replace(/[.:]$/, '');
  return parseCodeArg(/\s/.test(t) ? t : digitsForLookAlikes(t.replace(/\|/g, 'l')));
}

// ---- weighing the number against the words -----------------------------------------------------------

/** Whether two codes differ in exactly one digit, as Windows writes them (decimal, or hex for HRESULTs). */
export function oneDigitApart(a: number, b: number): boolean {
  const x = formatCode(a);
  const y = formatCode(b);
  if (x.length !== y.length || x === y) return false;
  let differ = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differ++;
  return differ === 1;
}

/** The codes an entry stands for, one per range start (a range's other codes are never guessed from words). */
const codesOf = (entry: Entry) => entry.ranges.filter((r) => r.from === r.to).map((r) => r.from);

/** The entry's own code to name when words point at it: its single code, else its first one. */
const codeOf = (entry: Entry) => codesOf(entry)[0] ?? entry.ranges[0]?.from ?? 0;

interface Quotes {
  /** Entries quoted strongly enough (CLEAR_QUOTE), best first; the first is the clear one when `clear`. */
  strong: ScoredEntry[];
  best: ScoredEntry | undefined;
  clear: boolean;
  /** How the words quote any entry (0 when not at all). */
  of(entry: Entry): ScoredEntry | undefined;
}

function quotes(text: string, lookup: CodeLookup): Quotes {
  // A quote is a run of at least three words, so shorter texts ("yes", "error 721") quote nothing.
  const words = text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  const found = words < 3 ? [] : lookup.searchScored(text).filter((s) => s.quoted > 0);
  found.sort((a, b) => b.strength - a.strength || b.fit - a.fit);
  const [best, next] = found;
  const strong = found.filter((s) => s.strength >= CLEAR_QUOTE);
  const clear = !!best && best.strength >= CLEAR_QUOTE && (!next || best.fit >= next.fit * CLEAR_MARGIN);
  return { strong, best, clear, of: (entry) => found.find((s) => s.entry === entry) };
}

/** The entries of codes, in their order, each once (a code's most specific entry). */
function entriesOf(codes: readonly number[], lookup: CodeLookup): Entry[] {
  const out: Entry[] = [];
  for (const code of codes) {
    const [entry] = lookup.byCode(code);
    if (entry && !out.includes(entry)) out.push(entry);
  }
  return out;
}

/**
 * What `text` says about error codes. The numbers are found as `extractCodes` finds them (the chat's NLU
 * uses the same function, so chat and lookup never disagree on a number). Then:
 *
 * - Known codes (unknown ones beside them are dropped): the codes win, with one exception: when only one
 *   code was written and the words clearly quote another entry's dialog text with a quote the code's entry
 *   can't account for (what the words quote of the other entry beyond what they quote of the code's own
 *   screen text is itself a clear quote), the answer is `either` (the code as written, the words' entry):
 *   "Error 691: the remote server is not responding" → 691 or 809?
 * - Only unknown numbers: when the entry the words clearly quote has a code one digit away from the (first)
 *   number, or, when no entry is clearly best, exactly one of the strongly quoted entries has, the number
 *   was misread (OCR read 808 in an 809 dialog) and is corrected silently: `codes` with that code and
 *   `misread`. We correct rather than ask because both signals agree: one digit is the typical misreading
 *   and the words alone would already name that entry. Otherwise, when the words clearly quote one entry,
 *   the words win: `text`, confident. Otherwise `unknown` with the nearest known codes.
 * - No number: `text` when the words quote an entry's dialog text at all (confident when clearly, and
 *   clearly better than any other entry), else `none`.
 */
export function readCodes(text: string, lookup: CodeLookup): CodeReading {
  const numbers = extractCodes(text, { has: (code) => lookup.byCode(code).length > 0 });
  const known = numbers.filter((code) => lookup.byCode(code).length > 0);
  const words = quotes(text, lookup);

  if (known.length) {
    const [code] = known;
    const entries = entriesOf(known, lookup);
    const other = words.clear ? words.best : undefined;
    if (code !== undefined && known.length === 1 && other && !lookup.byCode(code).includes(other.entry)) {
      const own = Math.max(0, ...lookup.byCode(code).map((e) => words.of(e)?.quoted ?? 0));
      const [entry] = entries;
      if (entry && (other.quoted - own) / other.enough >= CLEAR_QUOTE)
        return {
          kind: 'either',
          options: [
            { code, entry },
            { code: codeOf(other.entry), entry: other.entry },
          ],
        };
    }
    return { kind: 'codes', codes: known, entries };
  }

  const [number] = numbers;
  if (number !== undefined) {
    const apart = (s: ScoredEntry) => codesOf(s.entry).some((c) => oneDigitApart(c, number));
    const near = words.strong.filter(apart);
    const misread = words.clear
      ? words.best && apart(words.best) && words.best
      : near.length === 1 && near[0];
    if (misread) {
      const code = codesOf(misread.entry).find((c) => oneDigitApart(c, number)) ?? codeOf(misread.entry);
      return { kind: 'codes', codes: [code], entries: [misread.entry], misread: number };
    }
    if (words.clear && words.best) return { kind: 'text', entry: words.best.entry, confident: true };
    return { kind: 'unknown', code: number, nearest: lookup.nearest(number) };
  }

  if (words.best) return { kind: 'text', entry: words.best.entry, confident: words.clear };
  return { kind: 'none' };
}
