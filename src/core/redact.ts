// Removes secrets a user may type (passwords, one-time codes, tokens) before text is logged, stored or shown to an agent.

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/** A cue word, what joins it to the secret ("is", "=", ":" or a space), then the secret (a word with a letter or digit). */
const CUE =
  /\b(pass(?:word|wd|code|phrase)?|pwd|pw|pin|otp|one[- ]time (?:code|password)|mfa code|2fa code|verification code|secret|token)\b(\s*(?:(?:is|was|would be|should be)(?=\s)|=|:|->)\s*|\s+)((?=[^\s\p{L}\p{N}]*[\p{L}\p{N}])\S+)/giu;
/** Words after "password is" (or "pin:", "pw =") that are talk about the password, not the password. */
const NOT_A_SECRET =
  /^(?:reset|expired?|expiring|rejected|accepted|wrong|incorrect|correct|right|fine|ok|okay|good|valid|invalid|same|new|old|too|very|definitely|still|also|just|really|the|my|your|a|an|not|never|always|blank|empty|required|needed|missing|case-sensitive|is|was|has|keeps?|change|changed|doesn'?t|didn'?t|won'?t|isn'?t|wasn'?t|locked|for|page|field|box|prompt|again|to)$/i;
/** Lower-case words like "accepted", "expiring", "really": talk, not a password. */
const TALK_WORD = /^[a-z]+(?:ed|ing|ly)$/;
/** Secrets with a shape of their own, wherever they stand: Slack and GitHub tokens, JWTs, BitLocker recovery keys. */
const KNOWN_TOKEN =
  /\b(?:xox[abprs]-[\w-]+|eyJ[\w-]+\.[\w-]+\.[\w-]+|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,}|\d{6}(?:-\d{6}){7})/g;
const SIX_TO_EIGHT_DIGITS = /(?<![\w.:/#+-])\d{6,8}(?![\w.:/-])/g;
/** A number right after these words is a ticket, room or other id, not a one-time code. */
const ID_BEFORE =
  /\b(?:ticket|case|incident|inc|request|req|order|ref|reference|id|no|number|build|kb|room|employee|staff|badge|asset|serial|tag|phone|ext|extension|version|event)\s*(?:#|no\.?|number|id)?\s*(?:is\s*)?[:#]?\s*$/i;
/** An 8-digit HRESULT typed without its 0x (80092013): an error code. */
const HRESULT_DIGITS = /^80\d{6}$/;

/** Quotes and brackets around a word, and the punctuation after it. */
const LEAD = /^[([{<"'“‘«`*~]+/u;
const TAIL = /[)\]}>"'”’»`*~.,;:!?…]+$/u;

/** Host and file names: dotted labels ending in a word (vpn.contoso.com, VPN-GW01.contoso.com, rasphone.pbk). */
const HOST = /^(?:[\p{L}\p{N}_-]+\.)+(\p{L}{2,24})\.?(?::\d{1,5})?(?:\/[\w.~%/-]*)?$/u;
const EMAIL = /^[\p{L}\p{N}._%+'-]+@(.+)$/u;

const LINK = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/i;

/** A link with its password (https://user:pass@host) and query values that look like keys or passwords redacted. */
function redactLink(link: string): string {
  return link
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:)[^/?#@]+@/i, `$1${REDACTED}@`)
    .replace(/([?&#][^=&#]*=)([^&#]+)/g, (whole, name: string, value: string) =>
      looksLikeSecret(value) ? `${name}${REDACTED}` : whole,
    );
}

/** Technical shapes that are never secrets, whatever their mix of characters. */
const SHAPES: RegExp[] = [
  /^[0O]x[0-9a-z]+$/i, // hex error codes, also typed with a letter O (Ox80092013)
  /^[-+]?(?=(?:\D*\d){3})[\dOoIl]+$/, // numbers with look-alike letters (8O9, -2l46885613)
  /^[-+]?\d[\d.,:]*$/, // numbers, negative HRESULTs, dotted numbers, times
  /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5}|\/\d{1,2})?$/, // IPv4 with a port or prefix
  /^(?=(?:[^:]*:){2})[0-9a-f:]+(?:\d{1,3}(?:\.\d{1,3}){3})?(?:%\w+)?(?:\/\d{1,3})?$/i, // IPv6, colon MACs
  /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i, // GUIDs
  /^v?\d+(?:\.\d+)+(?:[-+][\w.]+)?$/i, // versions
  /^\p{L}[\p{L}-]*[ _-]?v?\d+(?:\.\d+)+$/u, // a product and its version (FortiClient7.0.9)
  /^\d+(?:[.,]\d+)*[\p{L}%µ]{1,6}$/u, // quantities: 40ms, 2.4GHz, 802.11ac
  /^\d{4}-\d{2}-\d{2}(?:T\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i, // ISO dates
  /^\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[ap]\.?m\.?|Z)?$/i, // clock times
  /^(?:[A-Za-z]:)?\\{0,2}[\p{L}\p{N}_.$~%{}()'-]*(?:\\[\p{L}\p{N}_.$~%{}()'-]*)+$/u, // Windows paths, DOMAIN\user
  /^(?:[A-Za-z]:|~|\.{1,2})?\/[\p{L}\p{N}_.$~%{}()@+-]*(?:\/[\p{L}\p{N}_.$~%{}()@+-]*)*$/u, // Unix paths
  /^--?[A-Za-z][\w-]*$/, // command-line options (-InformationLevel, -L2tpPsk)
  /^%\w+%$/, // environment variables (%ProgramData%)
  /^(?:[@#][UWCGS][A-Z0-9]{2,}|![a-z]+(?:\^\w+)?)(?:\|[^\s>]*)?$/, // Slack mentions and channel references
  /^(?:windows|win|office|microsoft|iphone|ipad|ipados|ios|macos|osx|android|ubuntu|debian|fedora|rhel|centos|pixel|galaxy|surface|thinkpad|latitude|elitebook|chromebook|chrome|edge|firefox|safari|forticlient|globalprotect|anyconnect|openvpn|wireguard|netextender|server|exchange|teams|outlook)v?\d+(?:\.\d+)*[a-z]*$/i, // products
];

/** One part of a compound like L2TP/IPsec or WPA2-Enterprise: a word, an acronym (with digits), or IKEv2. */
const COMPOUND_PART = /^(?:\p{Lu}*\p{Ll}*|(?=[A-Z0-9]*[A-Z])[A-Z0-9]+|[A-Za-z]+v\d+)$/u;

/** True for a name a computer or a person gave (hosts, addresses, paths, versions, codes), never a secret. */
function isTechnical(word: string): boolean {
  if (LINK.test(word) || SHAPES.some((re) => re.test(word))) return true;
  if (isHostName(word)) return true;
  const email = EMAIL.exec(word);
  if (email && isHostName(email[1] ?? '')) return true;
  // "192.168.1.23(Preferred)" as ipconfig prints it (the closing bracket is cut off as punctuation).
  const marked = /^(.+)\(\p{L}+\)?$/u.exec(word);
  if (marked && isTechnical(marked[1] ?? '')) return true;
  if (isSetting(word)) return true;
  const parts = word.split(/[/-]/);
  return parts.length > 1 && parts.every((p) => COMPOUND_PART.test(p));
}

/** A host or file name; one with mixed case must end in a lower-case label (Hunter2.Pass is not a host). */
function isHostName(word: string): boolean {
  const m = HOST.exec(word);
  if (!m) return false;
  const last = m[1] ?? '';
  return last === last.toLowerCase() || word === word.toUpperCase();
}

/** "bytes=32", "time<1ms", "TTL=52", "HRESULT:0x800B0109", "CN=vpn.contoso.com": a setting and a plain value. */
function isSetting(word: string): boolean {
  const m = /^([A-Za-z][\w.-]*?)(<=|>=|=|<|>|:)(.+)$/.exec(word);
  if (!m) return false;
  const key = m[1] ?? '';
  const value = m[3] ?? '';
  if (!/^[a-z][a-z0-9_.-]+$|^[A-Z][A-Z0-9_]*$|^(?:[A-Z][a-z]+)+$/.test(key)) return false;
  return /^\p{L}+$/u.test(value) || /^[A-Z0-9_-]+$/.test(value) || isTechnical(value);
}

/** Lower, upper, digit and symbol; `-_./` between letters or digits and apostrophes inside words are not symbols. */
function characterClasses(word: string): { classes: number; symbols: number } {
  const plain = word
    .replace(/(?<=[\p{L}\p{N}])[-_./,](?=[\p{L}\p{N}])/gu, '')
    .replace(/(?<=\p{L})['’](?=\p{L})/gu, '');
  const symbols =
    plain.replace(/\p{Extended_Pictographic}|\u200d|\ufe0f/gu, '').match(/[^\p{L}\p{N}\p{M}]/gu)?.length ?? 0;
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u].filter((re) => re.test(plain)).length + (symbols ? 1 : 0);
  return { classes, symbols };
}

/** A long key or token: 20+ key characters mixing cases or digits, and not words joined by -, _ or /. */
function looksLikeKey(word: string): boolean {
  if (/^[0-9a-f-]+$/i.test(word)) return false;
  if (word.split(/[-_/]+/).every((part) => /^(?:\p{L}*|\d*)$/u.test(part))) return false;
  return [/[a-z]/, /[A-Z]/, /\d/].filter((re) => re.test(word)).length >= 2;
}

/** True for a word shaped like a typed password or key: 8+ characters mixing three of lower, upper, digit, symbol. */
function looksLikeSecret(word: string): boolean {
  const length = [...word].length;
  if (length < 8) return false;
  if (length >= 20 && /^[A-Za-z0-9+/_=-]+$/.test(word)) return looksLikeKey(word);
  if (length > 64) return false;
  const { classes, symbols } = characterClasses(word);
  return classes >= 3 && symbols <= length / 2;
}

/** The word with a password-looking core replaced; quotes, brackets and sentence punctuation around it stay. */
function redactWord(word: string): string {
  if (!word.trim() || word.includes(REDACTED)) return word;
  const lead = LEAD.exec(word)?.[0] ?? '';
  const rest = word.slice(lead.length);
  const tail = TAIL.exec(rest)?.[0] ?? '';
  const core = rest.slice(0, rest.length - tail.length);
  if (!core) return word;
  if (LINK.test(core)) return `${lead}${redactLink(core)}${tail}`;
  if (isTechnical(core)) return word;
  // "Hunter2!": the "!" may be the password's own, so it counts when the core mixes letters and digits.
  const own = /^!*/.exec(tail)?.[0] ?? '';
  const mixed = /\p{L}/u.test(core) && /\p{N}/u.test(core);
  // A "!" right after a password is more likely its own than an exclamation: it goes too.
  if (looksLikeSecret(core)) return `${lead}${REDACTED}${tail.replace(/^!+/, '')}`;
  if (mixed && own && looksLikeSecret(core + own)) return `${lead}${REDACTED}${tail.slice(own.length)}`;
  return word;
}

/**
 * True when the word after a cue is ordinary talk: after a bare space ("pass GRE", "password expired") any
 * plain word, after "is", ":" or "=" only the words people use about a password ("is fine", "was reset").
 */
function isTalk(secret: string, bare: boolean): boolean {
  const word = secret.replace(LEAD, '').replace(TAIL, '');
  if (bare) return /^\p{L}+(?:[-'’]\p{L}+)*$/u.test(word);
  return NOT_A_SECRET.test(word) || TALK_WORD.test(word);
}

/**
 * The text with secrets replaced by "[redacted]": anything after "password"/"pin"/"code is"-style cues,
 * tokens and keys, 6–8 digit one-time codes, and words shaped like passwords wherever they stand. Error codes
 * (721, 0x800B0109, -2146885613), ids, host names, addresses, versions, paths and command output stay.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(CUE, (_whole, cue: string, joint: string, secret: string) =>
      isTalk(secret, !/\S/.test(joint)) ? `${cue}${joint}${secret}` : `${cue}${joint}${REDACTED}`,
    )
    .replace(KNOWN_TOKEN, REDACTED)
    .replace(SIX_TO_EIGHT_DIGITS, (digits: string, at: number, all: string) =>
      HRESULT_DIGITS.test(digits) || ID_BEFORE.test(all.slice(0, at)) ? digits : REDACTED,
    )
    .split(/(\s+)/)
    .map(redactWord)
    .join('');
}
