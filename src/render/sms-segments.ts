// Counts the SMS segments a text costs (GSM-7 or UCS-2) and swaps typographic characters for GSM-7 ones.

/** The GSM 03.38 basic character set: one septet each. */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** The GSM 03.38 extension table: an escape septet plus one, so two each. */
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

const SINGLE = { 'GSM-7': 160, 'UCS-2': 70 } as const;
const PART = { 'GSM-7': 153, 'UCS-2': 67 } as const;

/** What a text costs as SMS. */
export interface SmsCount {
  encoding: 'GSM-7' | 'UCS-2';
  /** Parts the text is sent as (1 for an empty text). */
  segments: number;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  units: number;
}

/** Parts needed when characters of the given sizes are packed greedily; a character never spans two parts. */
function pack(sizes: number[], single: number, part: number): number {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= single) return 1;
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > part) {
      parts++;
      used = 0;
    }
    used += size;
  }
  return parts;
}

/** The encoding, segment count and unit count of `text` sent as SMS (160/153 GSM-7, 70/67 UCS-2). */
export function countSmsSegments(text: string): SmsCount {
  const chars = [...text];
  const gsm = chars.every((c) => GSM_BASIC.has(c) || GSM_EXTENDED.has(c));
  if (gsm) {
    const sizes = chars.map((c) => (GSM_EXTENDED.has(c) ? 2 : 1));
    return {
      encoding: 'GSM-7',
      units: sizes.reduce((a, b) => a + b, 0),
      segments: pack(sizes, SINGLE['GSM-7'], PART['GSM-7']),
    };
  }
  const sizes = chars.map((c) => c.length);
  return { encoding: 'UCS-2', units: text.length, segments: pack(sizes, SINGLE['UCS-2'], PART['UCS-2']) };
}

const GSM_FRIENDLY: [RegExp, string][] = [
  [/[‘’‚‛′]/g, "'"],
  [/[“”„‟″«»]/g, '"'],
  [/[‐‑‒–—―−]/g, '-'],
  [/…/g, '...'],
  [/•/g, '-'],
  [/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' '],
  [/[\u200B\u2060\uFEFF]/g, ''],
];

/** The text with curly quotes, dashes, ellipses, bullets and unusual spaces replaced by GSM-7 characters. */
export function toGsmFriendly(text: string): string {
  return GSM_FRIENDLY.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}
