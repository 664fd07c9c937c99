// Removes secrets a user may type (passwords, one-time codes, tokens) before text is logged, stored or shown to an agent.

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

const CUE =
  /\b(pass(?:word|wd|code|phrase)?|pwd|pw|pin|otp|one[- ]time (?:code|password)|mfa code|2fa code|verification code|secret|token)\b(\s*(?:is|was|=|:|->|would be|should be)?\s*)(\S+)/gi;
const LONG_TOKEN = /\b(?:xox[abprs]-[\w-]+|eyJ[\w-]+\.[\w-]+\.[\w-]+|[A-Za-z0-9+/_-]{24,}={0,2})/g;
const SIX_TO_EIGHT_DIGITS = /(?<![\w.:/-])\d{6,8}(?![\w.:/-])/g;

/** True for a word that looks like a typed password: 8+ chars mixing at least three of lower, upper, digit, symbol. */
function looksLikePassword(word: string): boolean {
  if (word.length < 8 || word.length > 64) return false;
  if (/^(https?:|www\.)/i.test(word) || /@.*\./.test(word) || /^0x[0-9a-f]+$/i.test(word)) return false;
  if (/^[\w.-]+\\[\w.-]+$/.test(word)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(word)).length;
  const symbols = word.replace(/[A-Za-z0-9]/g, '');
  return classes >= 3 && !/^[A-Z]?[a-z]+[.,!?'"]+$/.test(word) && symbols.length <= word.length / 2;
}

/**
 * The text with secrets replaced by "[redacted]": anything after "password"/"pin"/"code is"-style cues,
 * tokens and keys, 6–8 digit one-time codes, and words shaped like passwords. Error codes (3–5 digits, hex) stay.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(CUE, (_whole, cue: string, joint: string, secret: string) =>
      (!/\S/.test(joint) && /^[a-z]+[.,!?]*$/.test(secret)) ||
      /^(reset|expired?|rejected|wrong|incorrect|not|is|was|has|keeps?|change|changed|doesn'?t|didn'?t|won'?t|locked|for|page|field|box|prompt|again|to)$/i.test(
        secret.replace(/[.,!?]+$/, ''),
      )
        ? `${cue}${joint}${secret}`
        : `${cue}${joint}${REDACTED}`,
    )
    .replace(LONG_TOKEN, REDACTED)
    .replace(SIX_TO_EIGHT_DIGITS, REDACTED)
    .split(/(\s+)/)
    .map((word) => (looksLikePassword(word.replace(/[.,!?]+$/, '')) ? REDACTED : word))
    .join('');
}
