// Reduces raw user text to what the bot reads: control characters gone, white space folded, length capped.

/** The text without control characters, with runs of white space folded to one space, cut to `max` characters. */
export function cleanInput(text: string, max: number): string {
  return text
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}
