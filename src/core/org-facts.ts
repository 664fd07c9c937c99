// Facts about the organisation that the content refers to by placeholder; they come from config, never from the data.
import * as z from 'zod';

/** The organisation's own names and links; any may be missing, and the bot then says something general instead. */
export interface OrgFacts {
  vpnServer?: string;
  clientDownloadUrl?: string;
  accessRequestUrl?: string;
  passwordResetUrl?: string;
  helpdesk?: string;
  vpnTypes: readonly string[];
}

/**
 * The placeholders content may use, and what each becomes in a plain sentence when the organisation has not
 * configured it. Only for mid-sentence use ("contact {helpdesk}"); where that reads badly the content writes a
 * whole `otherwise` sentence instead (see `sayText`).
 */
export const PLACEHOLDERS = {
  vpnServer: 'the VPN server name IT gave you',
  clientDownloadUrl: 'the software portal IT gave you',
  accessRequestUrl: 'your manager or the help desk',
  passwordResetUrl: 'the password reset page',
  helpdesk: 'the help desk',
} as const satisfies Record<string, string>;

/** The placeholders the conversation fills from the VPN type the user picked (dialogs/triage.yaml `vpnTypes`). */
export const VPN_TYPE_PLACEHOLDERS = ['ports', 'vpnTypeName'] as const;

/** What a placeholder becomes in a tech's command line when the organisation has not configured it. */
export const PLACEHOLDER_TOKENS = {
  vpnServer: '<vpn-server>',
  clientDownloadUrl: '<client-download-url>',
  accessRequestUrl: '<access-request-url>',
  passwordResetUrl: '<password-reset-url>',
  helpdesk: '<help-desk>',
} as const satisfies Record<keyof typeof PLACEHOLDERS, string>;

type OrgPlaceholder = keyof typeof PLACEHOLDERS;
const ORG_PLACEHOLDERS = Object.keys(PLACEHOLDERS) as OrgPlaceholder[];
const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set([...ORG_PLACEHOLDERS, ...VPN_TYPE_PLACEHOLDERS]);

/** Joins a sentence and its whole fallback once loaded (`say{otherwise}otherwise`), so loaded content stays plain strings. */
export const OTHERWISE = '{otherwise}';

/** A sentence and the whole sentence to say instead when a placeholder in it has no value, packed as one string. */
export function withOtherwise(say: string, otherwise: string): string {
  return `${say}${OTHERWISE}${otherwise}`;
}

/** The two sentences of a loaded text; a plain text has no `otherwise`. */
export function splitOtherwise(text: string): { say: string; otherwise?: string } {
  const at = text.indexOf(OTHERWISE);
  if (at < 0) return { say: text };
  return { say: text.slice(0, at), otherwise: text.slice(at + OTHERWISE.length) };
}

/** Joins the words for tapping and those for typing a number once loaded (`tap{number}number`), like OTHERWISE. */
export const BY_NUMBER = '{number}';

/** A text written for each way of answering, packed as one string (see `answerText`). */
export function withNumberVariant(tap: string, number: string): string {
  return `${tap}${BY_NUMBER}${number}`;
}

/** The words of a loaded text for how the user answers: its `number` words where choices are typed by number. */
export function forAnswering(text: string, answering: 'tap' | 'number' | undefined): string {
  const at = text.indexOf(BY_NUMBER);
  if (at < 0) return text;
  return answering === 'number' ? text.slice(at + BY_NUMBER.length) : text.slice(0, at);
}

/** The known placeholder names a sentence uses, in order. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].flatMap((m) =>
    m[1] && KNOWN_PLACEHOLDERS.has(m[1]) ? [m[1]] : [],
  );
}

/** A placeholder filled by someone else than the organisation: its value here (none = not known), and its plain-sentence wording. */
export interface ExtraFill {
  value?: string;
  unset: string;
}

/**
 * Fills {placeholder} names with the organisation's facts (and `extra` ones, such as the VPN type). A text written
 * with an `otherwise` sentence says that sentence instead when any placeholder of the first one has no value; in a
 * plain text an unset name becomes a general wording, or for a tech (`unset: 'token'`) a `<token>`.
 */
export function fillPlaceholders(
  text: string,
  org: OrgFacts,
  unset: 'prose' | 'token' = 'prose',
  extra: Readonly<Record<string, ExtraFill>> = {},
): string {
  const valueFor = (name: string): string | undefined => {
    if (Object.hasOwn(extra, name)) return extra[name]?.value;
    const value = org[name as OrgPlaceholder];
    return value ?? (unset === 'token' ? PLACEHOLDER_TOKENS[name as OrgPlaceholder] : undefined);
  };
  const generalOf = (name: string): string | undefined =>
    Object.hasOwn(extra, name)
      ? extra[name]?.unset
      : Object.hasOwn(PLACEHOLDERS, name)
        ? PLACEHOLDERS[name as OrgPlaceholder]
        : undefined;
  const { say, otherwise } = splitOtherwise(text);
  const complete = placeholdersIn(say).every(
    (name) => generalOf(name) === undefined || valueFor(name) !== undefined,
  );
  const chosen = otherwise === undefined || complete ? say : otherwise;
  return chosen.replace(/\{(\w+)\}/g, (whole, name: string) => valueFor(name) ?? generalOf(name) ?? whole);
}

const GLUED = /:\s*\{(\w+)\}/;

/**
 * A sentence the bot says, written either plain or with a whole fallback for when an organisation fact (or the VPN
 * type) is not known:
 *
 *     - "Restart the laptop and try again."
 *     - say: "Get the latest version here: {clientDownloadUrl}"
 *       otherwise: Ask the help desk where to get the latest version.
 *
 * It loads as one plain string (see `withOtherwise`); `fillPlaceholders` picks the sentence. A plain sentence that
 * puts a placeholder right after a colon is refused: unset, it would read "here: the software portal IT gave you".
 */
export function sayText(min: number, max: number) {
  const length = (text: string, path: string[], ctx: z.RefinementCtx) => {
    if (text.length < min || text.length > max) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `write ${min} to ${max} characters (this has ${text.length})`,
      });
    }
  };
  return z
    .union([z.string(), z.strictObject({ say: z.string(), otherwise: z.string() })])
    .superRefine((text, ctx) => {
      if (typeof text === 'string') {
        length(text, [], ctx);
        const glued = GLUED.exec(text);
        if (glued?.[1] && KNOWN_PLACEHOLDERS.has(glued[1])) {
          ctx.addIssue({
            code: 'custom',
            message: `{${glued[1]}} after a colon reads badly when it is not set; write it as { say: "…", otherwise: "a whole sentence without it" }`,
          });
        }
        if (text.includes(OTHERWISE)) {
          ctx.addIssue({
            code: 'custom',
            message: `${OTHERWISE} is not a placeholder; use { say, otherwise }`,
          });
        }
        if (text.includes(BY_NUMBER)) {
          ctx.addIssue({
            code: 'custom',
            message: `${BY_NUMBER} is not a placeholder; a question's help can be written as { tap, number }`,
          });
        }
        return;
      }
      length(text.say, ['say'], ctx);
      length(text.otherwise, ['otherwise'], ctx);
      if (GLUED.test(text.otherwise)) {
        ctx.addIssue({
          code: 'custom',
          path: ['otherwise'],
          message: 'write "otherwise" without a placeholder after a colon',
        });
      }
      const needs = placeholdersIn(text.say);
      if (!needs.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['say'],
          message: `"say" uses no placeholder (${[...KNOWN_PLACEHOLDERS].map((p) => `{${p}}`).join(' ')}), so "otherwise" would never be said; write one plain sentence`,
        });
      }
      const repeated = placeholdersIn(text.otherwise).filter((p) => needs.includes(p));
      if (repeated.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['otherwise'],
          message: `"otherwise" is said when ${repeated.map((p) => `{${p}}`).join(', ')} is not known, so it can't use it`,
        });
      }
    })
    .transform((text) => (typeof text === 'string' ? text : withOtherwise(text.say, text.otherwise)));
}

/**
 * A sentence that names how to answer, so it is written for each way (see `sayText` for each of the two):
 *
 *     help:
 *       tap: Type the number (for example 721), or tap below if there is none.
 *       number: Type the number (for example 721), or reply with an answer below if there is none.
 *
 * `tap` is said where answers are buttons (web, Teams, Slack), `number` where choices are numbered text (SMS, the
 * terminal). A plain sentence or a `{ say, otherwise }` one is said everywhere. Loads as one string (see
 * `withNumberVariant`); `forAnswering` picks the words.
 */
export function answerText(min: number, max: number) {
  const one = sayText(min, max);
  const both = z.strictObject({ tap: one, number: one }).transform((t) => withNumberVariant(t.tap, t.number));
  return z.unknown().transform((text, ctx): string => {
    const byAnswer = typeof text === 'object' && text !== null && ('tap' in text || 'number' in text);
    if (byAnswer && !('tap' in text && 'number' in text)) {
      ctx.addIssue({
        code: 'custom',
        message: 'write both "tap" (said with buttons) and "number" (said where choices are numbered text)',
      });
      return z.NEVER;
    }
    const result = (byAnswer ? both : one).safeParse(text);
    if (result.success) return result.data;
    for (const issue of result.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as (string | number)[] });
    return z.NEVER;
  });
}
