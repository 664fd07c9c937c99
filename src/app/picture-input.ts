// Turns the text read from a picture of an error dialog into the code the user should see explained, with
// the one code reader (src/core/read-codes.ts) the chat and the lookup use.
import type { CodeLookup } from '../core/code-lookup.ts';
import { readCodes } from '../core/read-codes.ts';

/**
 * The code a picture shows: `read` when its number was on it; `guess` when only its message matched a known
 * entry, or the message corrected a misread number (OCR read 808 in an 809 dialog); `either` when the
 * number and the message name two different known codes (the number first), so the user should be asked.
 */
export type PictureCode =
  | { code: number; how: 'read' | 'guess' }
  | { how: 'either'; codes: [number, number] };

/** The code in the picture's text, or undefined when neither a number nor a known message is in it. */
export function pictureCode(text: string, lookup: CodeLookup): PictureCode | undefined {
  const flat = text.replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
  if (!flat) return undefined;
  const reading = readCodes(flat, lookup);
  switch (reading.kind) {
    case 'codes': {
      const [code] = reading.codes;
      if (code === undefined) return undefined;
      return { code, how: reading.misread === undefined ? 'read' : 'guess' };
    }
    case 'unknown':
      return { code: reading.code, how: 'read' };
    case 'either':
      return { how: 'either', codes: [reading.options[0].code, reading.options[1].code] };
    case 'text': {
      const first = reading.entry.ranges[0];
      return first ? { code: first.from, how: 'guess' } : undefined;
    }
    case 'none':
      return undefined;
  }
}
