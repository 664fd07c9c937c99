// Turns the bot's replies into SMS-sized texts: plain text, GSM-7 friendly, split into numbered parts when long.
import type { Reply } from '../../core/card.ts';
import { cleanText } from '../../render/escape.ts';
import { countSmsSegments, toGsmFriendly } from '../../render/sms-segments.ts';
import { renderText } from '../../render/text.ts';

/** The most segments one part may cost (3 × 153 GSM-7 characters, or 3 × 67 UCS-2 ones). */
export const MAX_SEGMENTS_PER_PART = 3;
/** The longest any one reply is rendered (the body is cut first, so the "Reply 1 …" line survives). */
export const MAX_REPLY_CHARS = 1200;
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
 * last line (the "Reply 1 …" choices) always lands in the last part.
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
  for (const line of clean.split('\n')) add(line, '\n', byWords);
  flush();
  return parts.map((part, i) => `(${i + 1}/${parts.length}) ${part}`);
}

/** The replies of one turn as the SMS texts to send, in order; empty when there is nothing to say. */
export function smsParts(replies: readonly Reply[]): string[] {
  return splitSms(smsText(replies));
}
