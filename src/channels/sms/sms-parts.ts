// Turns the bot's replies into SMS-sized texts: plain text, GSM-7 friendly, split into numbered parts when long.
import type { Reply } from '../../core/card.ts';
import { cleanText } from '../../render/escape.ts';
import { dropStepsToFit } from '../../render/fit-steps.ts';
import { countSmsSegments, toGsmFriendly } from '../../render/sms-segments.ts';
import { renderText } from '../../render/text.ts';

/** The most segments one part may cost (3 × 153 GSM-7 characters, or 3 × 67 UCS-2 ones). */
export const MAX_SEGMENTS_PER_PART = 3;
/**
 * What one turn should cost at most, all its parts together: an answer to an error code fits (advice steps that
 * would go over are left out, whole, see dropStepsToFit); a question costs 2 at most (held by the content tests).
 */
export const MAX_SEGMENTS_PER_TURN = 4;
/** The longest any one reply is rendered (the body is cut first, so the "Reply 1 …" line survives). */
export const MAX_REPLY_CHARS = 1200;
/** The last line of a turn that offers numbered choices ("Reply 1 Yes, 2 No"). */
const CHOICES_LINE = /^Reply 1 /;
/** Room kept in each part for its "(1/2) " marker. */
const MARKER_ROOM = '(99/99) ';

/** Characters people paste that GSM-7 lacks, beyond what toGsmFriendly already swaps. */
const EXTRA_SWAPS: [RegExp, string][] = [
  [/`/g, "'"],
  [/[→⇒➔]/g, '->'],
  [/[←⇐]/g, '<-'],
  [/×/g, 'x'],
];

/** `text` without control characters or lone surrogates, typographic and other common non-GSM characters swapped. */
export function gsmFriendly(text: string): string {
  const clean = cleanText(text, Number.MAX_SAFE_INTEGER);
  return EXTRA_SWAPS.reduce((out, [re, to]) => out.replace(re, to), toGsmFriendly(clean));
}

/** The replies of one turn as one plain text: numbered choices ("Reply 1 Yes, 2 No") on the last line. */
export function smsText(replies: readonly Reply[]): string {
  return replies
    .map((reply) => gsmFriendly(renderText(reply, { numbered: true, maxLength: MAX_REPLY_CHARS })).trim())
    .filter(Boolean)
    .join('\n');
}

/**
 * `text` as SMS parts of at most `maxSegments` segments each: one part without a marker when it fits, otherwise
 * parts marked "(1/3) ", "(2/3) ", … split at line ends, then at spaces, and only then inside a word. The
 * last line (the "Reply 1 …" choices) always lands in the last part, with the line before it (its question).
 */
export function splitSms(text: string, maxSegments = MAX_SEGMENTS_PER_PART): string[] {
  const clean = text.trim();
  if (!clean) return [];
  if (countSmsSegments(clean).segments <= maxSegments) return [clean];
  const fits = (s: string) => countSmsSegments(MARKER_ROOM + s).segments <= maxSegments;
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) parts.push(current.trim());
    current = '';
  };
  const add = (piece: string, glue: string, finer: (p: string) => void) => {
    const candidate = current ? `${current}${glue}${piece}` : piece;
    if (fits(candidate)) {
      current = candidate;
      return;
    }
    flush();
    if (fits(piece)) current = piece;
    else finer(piece);
  };
  const byChars = (word: string) => {
    for (const ch of word) add(ch, '', () => {});
  };
  const byWords = (line: string) => {
    for (const word of line.split(' ')) add(word, ' ', byChars);
  };
  const byLines = (lines: string) => {
    for (const line of lines.split('\n')) add(line, '\n', byWords);
  };
  // The choices never arrive alone: the line before them (the question) travels in the same part.
  const lines = clean.split('\n');
  const closing =
    lines.length > 1 && CHOICES_LINE.test(lines.at(-1) ?? '') ? lines.splice(-2).join('\n') : '';
  for (const line of lines) add(line, '\n', byWords);
  if (closing) add(closing, '\n', byLines);
  flush();
  return parts.map((part, i) => `(${i + 1}/${parts.length}) ${part}`);
}

/** What a text costs as SMS once split into parts: the segments of all its parts together. */
export function smsCost(parts: readonly string[]): number {
  return parts.reduce((sum, part) => sum + countSmsSegments(part).segments, 0);
}

/**
 * The replies of one turn as the SMS texts to send, in order; empty when there is nothing to say. A turn that would
 * cost more than MAX_SEGMENTS_PER_TURN leaves out advice steps from the end, whole, until it fits (or none is left
 * to spare); the title, the text and the choices always go.
 */
export function smsParts(replies: readonly Reply[]): string[] {
  const parts = (r: readonly Reply[]) => splitSms(smsText(r));
  return parts(dropStepsToFit(replies, (r) => smsCost(parts(r)) <= MAX_SEGMENTS_PER_TURN));
}
