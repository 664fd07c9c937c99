// The bot's own sentences, loaded from cards/phrases.yaml and filled with values at run time.
import { z } from 'zod';

/** Phrases by key, as in cards/phrases.yaml. */
export type Phrases = Readonly<Record<string, string>>;

/** Schema of cards/phrases.yaml. */
export const phrasesFileSchema = z.strictObject({
  version: z.literal(1),
  phrases: z.record(z.string().regex(/^[a-z][\w.-]*$/), z.string().min(1).max(600)),
});

/** Fills {name} slots in a phrase with values (single pass, so values are never re-expanded); unknown keys show the key. */
export function say(phrases: Phrases, key: string, vars: Record<string, string | number> = {}): string {
  const template = phrases[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
