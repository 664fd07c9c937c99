// Makes plain (possibly user-typed) text safe for each target: no markup, mention, link or template survives.

/** Zero-width space: splits character pairs that a parser would otherwise read as syntax, without showing. */
export const ZWSP = '\u200B';

/** Cut to this many UTF-16 units when a caller gives no limit: long enough for any real message. */
export const DEFAULT_MAX_LENGTH = 4000;

// C0 controls except \n and \t (handled apart), DEL, C1 controls, bidi embeddings/overrides/isolates, BOM.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

let graphemes: Intl.Segmenter | undefined;

/** The largest index ≤ `at` that does not split a grapheme (emoji sequences, accents, surrogate pairs). */
function graphemeBoundary(text: string, at: number): number {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const from = Math.max(0, at - 32);
  let best = from;
  for (const { index } of graphemes.segment(text.slice(from, at + 32))) {
    if (from + index > at) break;
    best = from + index;
  }
  return best;
}

/**
 * Plain text with control characters removed (newlines kept, tabs become spaces, CR/LF and Unicode line
 * separators become `\n`, bidi overrides and lone surrogates go), cut to `maxLength` UTF-16 units with
 * `ellipsis` at the end, preferring a word or at least a grapheme boundary; idempotent.
 */
export function cleanText(text: string, maxLength = DEFAULT_MAX_LENGTH, ellipsis = '…'): string {
  const clean = text
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
    .replace(LONE_SURROGATE, '\uFFFD');
  if (clean.length <= maxLength) return clean;
  const room = maxLength - ellipsis.length;
  if (room <= 0) return ellipsis.slice(0, Math.max(0, maxLength));
  let cut = clean.slice(0, graphemeBoundary(clean, room));
  const lastSpace = cut.search(/\s\S*$/);
  if (lastSpace >= room * 0.8) cut = cut.slice(0, lastSpace);
  return cut.trimEnd() + ellipsis;
}

/** Breaks `{{` (Adaptive Card DATE/TIME functions) and `${` (templating) so no expression can form. */
export function breakTemplates(text: string): string {
  return text.replace(/([{$])(?=\{)/g, `$1${ZWSP}`);
}

/**
 * Text for an Adaptive Card TextBlock/Fact or a Teams markdown message that shows exactly what was typed:
 * CommonMark backslash escapes for inline markup (`\ ` * _ [ ] ~`, `(` after `]`, `&` entities), block
 * markers at line starts (`# > - + = |`, `1.`/`1)`), leading spaces as no-break spaces (no indented code),
 * a zero-width space after `<` before a letter, `/`, `!` or `?` (no HTML, `<at>` mention or autolink) and
 * inside `{{`/`${` (no DATE/TIME function or template expression). Bare URLs are left as typed: a client
 * that links them shows the real address. Expects text already passed through `cleanText`.
 */
export function escapeMarkdownForAdaptive(text: string): string {
  const inline = breakTemplates(
    text
      .replace(/[\\`*_[\]~]/g, '\\$&')
      .replace(/\\\]\(/g, '\\]\\(')
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
      .replace(/<(?=[A-Za-z/!?])/g, `<${ZWSP}`),
  );
  return inline
    .split('\n')
    .map((line) =>
      line
        .replace(/^[ \t]+/, (lead) => '\u00A0'.repeat(lead.length))
        .replace(/^(\u00A0*)([#>+=|-])/, '$1\\$2')
        .replace(/^(\u00A0*)(\d{1,9})([.)])/, '$1$2\\$3'),
    )
    .join('\n');
}

const SLACK_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text for Slack `mrkdwn` that shows exactly what was typed: `& < >` become entities (so no `<!channel>`,
 * `<@U…>` or `<url|label>` can form); every `*`, and every `_ ~ `` not inside a word, is wrapped in
 * zero-width spaces so it can neither open nor close bold, italic, strike or code (whether Slack counts the
 * zero-width space as a letter or as a space); a `>` opening a line gets one too (no quote). Send with
 * `verbatim: true` so Slack adds no links of its own. Emoji codes such as `:tada:` still show as emoji.
 */
export function escapeSlackMrkdwn(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => SLACK_ENTITIES[c] ?? c)
    .replace(/\*|(?<![\p{L}\p{N}])[_~`]|[_~`](?![\p{L}\p{N}])/gu, `${ZWSP}$&${ZWSP}`)
    .replace(/^(\s*)&gt;/gm, `$1${ZWSP}&gt;`);
}

/** Code for inside a Slack ``` block: entities for `& < >` and no run of backticks that could close it. */
export function escapeSlackCode(text: string): string {
  return text.replace(/[&<>]/g, (c) => SLACK_ENTITIES[c] ?? c).replace(/`(?=`)/g, `\`${ZWSP}`);
}
