// Phone numbers as the SMS channel keys and shows them: normalised to E.164-like form, masked for people and logs.

/** The prefix of every SMS conversation key. */
export const SMS_KEY_PREFIX = 'sms:';

/**
 * The number in one canonical form ("+15551234567"; short codes stay digits-only), with spaces, dots, dashes and
 * brackets dropped and a leading "00" read as "+"; undefined when it is not a phone number (3–15 digits).
 */
export function normalizePhone(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let n = raw.trim().replace(/[\s().-]/g, '');
  if (n.startsWith('00')) n = `+${n.slice(2)}`;
  return /^\+?\d{3,15}$/.test(n) ? n : undefined;
}

/** The conversation key of a normalised number: "sms:+15551234567". */
export function smsKey(number: string): string {
  return `${SMS_KEY_PREFIX}${number}`;
}

/** The last four digits behind dots ("••••4567"), for logs and for what agents see; short codes show less. */
export function maskPhone(number: string): string {
  const digits = number.replace(/\D/g, '');
  return `••••${digits.slice(-(digits.length > 6 ? 4 : 2))}`;
}
