// Turns the text read from a picture of an error dialog into the code the user should see explained.
import type { CodeLookup } from '../core/code-lookup.ts';
import type { Understanding } from '../core/engine-context.ts';

/** The code a picture shows: `read` when a number was on it, `guess` when only its message matched a known entry. */
export type PictureCode = { code: number; how: 'read' | 'guess' };

/** The code in the picture's text, or undefined when neither a number nor a known message is in it. */
export function pictureCode(
  text: string,
  understand: (text: string) => Understanding,
  lookup: CodeLookup,
): PictureCode | undefined {
  const flat = text.replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();
  if (!flat) return undefined;
  const { codes } = understand(flat);
  const known = codes.find((c) => lookup.byCode(c).length > 0) ?? codes[0];
  if (known !== undefined) return { code: known, how: 'read' };
  const result = lookup.lookup(flat);
  const first = result.kind === 'search' ? result.matches[0]?.ranges[0] : undefined;
  return first ? { code: first.from, how: 'guess' } : undefined;
}
