// The kinds of setting several schemas read (the core configuration's and each channel's own).
import * as z from 'zod';

/** Optional text, trimmed; blank counts as unset. */
export const optionalText = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();

/** An optional http(s) URL, trimmed; blank counts as unset. */
export const optionalUrl = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .pipe(z.url({ protocol: /^https?$/ }).optional())
  .optional();

/** The non-empty, trimmed entries of a comma-separated list. */
export const commaList = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
