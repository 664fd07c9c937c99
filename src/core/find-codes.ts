// Finds the error codes a person wrote ("error 721", "it says 809", "8O9", "0x80092013", "-2146885613") and
// leaves alone the numbers that are not codes (ports, rooms, times, counts, phone numbers, years). Pure, no I/O.
import { parseCodeArg } from './parse-code.ts';

/** The longest text read for codes; the rest is ignored (the NLU reads as much). */
const MAX_CODE_TEXT_CHARS = 1000;

/** The codes the knowledge base knows, as the reader needs them to tell a bare code from any other number. */
export interface KnownCodes {
  has(code: number): boolean;
}

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
  'for since in on at when and or but every each all again now today this the a my is was it'.split(' '),
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
  // numbers with a trunk 0 first, or "0721-123-4567" would lose its end to the shorter "123-4567" below
  /\b0\d{3,4}\s?\d{6}\b/g,
  /\b0\d{2,4}[\s.-]\d{3,4}[\s.-]\d{3,4}\b/g,
  /\b\d{3}[\s.-]\d{3}[\s.-]\d{4}\b/g,
  /\b\d{3}-\d{4}\b/g,
  /[$€£]\s?\d[\d,.]*/g,
  /\b\d{1,6}\s?%/g,
];

/** Words, numbers and the signs between them; "and/or" is one word, so it can link two codes. */
const TOKEN = /(?<![a-z0-9])-\d{9,10}(?![a-z0-9])|\band\/or\b|[a-z0-9]+(?:'[a-z]+)?|[#:=/,&]|(?<=\d)-(?=\d)/g;

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
function digitsForLookAlikes(token: string): string {
  const t = token.toLowerCase();
  if (/^[0-9oil]{3,5}$/.test(t)) {
    const letters = t.replace(/\d/g, '').length;
    const digits = t.length - letters;
    const reads = /^\d/.test(t) || digits > letters;
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
  // "#721" needs no exception here: the number after "#" is read as after a verb (cueBefore).
  const onlyNumber = tokens.length === 1;
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
          onlyNumber ||
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
