// The schema of a regular expression written in a content file (case-insensitive), refused with a clear message when bad.
import * as z from 'zod';

/** A case-insensitive regular expression as text, 2–200 characters, that compiles. */
export const patternText = z
  .string()
  .min(2)
  .max(200)
  .refine(
    (p) => {
      try {
        new RegExp(p, 'i');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  );
