// The bot's own sentences, loaded from cards/phrases.yaml and filled with values at run time.
import * as z from 'zod';

/** Phrases by key, as in cards/phrases.yaml. */
export type Phrases = Readonly<Record<string, string>>;

/** The ending of a phrase key said instead where answers are typed by number (SMS, the terminal): `reask.text.number`. */
export const NUMBER_VARIANT = '.number';

/** Schema of cards/phrases.yaml. */
export const phrasesFileSchema = z.strictObject({
  version: z.literal(1),
  phrases: z
    .record(z.string().regex(/^[a-z][\w.-]*$/), z.string().min(1).max(600))
    .superRefine((phrases, ctx) => {
      for (const key of Object.keys(phrases)) {
        if (!key.endsWith(NUMBER_VARIANT)) continue;
        const base = key.slice(0, -NUMBER_VARIANT.length);
        if (!Object.hasOwn(phrases, base))
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `"${key}" is what "${base}" says where answers are typed by number, but there is no "${base}"`,
          });
      }
    }),
});

/** Fills {name} slots in a phrase with values (single pass, so values are never re-expanded); unknown keys show the key. */
export function say(phrases: Phrases, key: string, vars: Record<string, string | number> = {}): string {
  const template = phrases[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
