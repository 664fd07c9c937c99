// The error-code knowledge model and its schema; pure, no I/O.
import * as z from 'zod';
import { sayText } from './org-facts.ts';

/** The triage topics of docs/architecture.md §5.1 that an entry can belong to. */
export const TOPICS = [
  'captive_portal',
  'protocol_blocked',
  'name_resolution',
  'credentials',
  'not_authorized',
  'client_software',
  'security_software',
  'already_connected',
  'connection_drops',
] as const;
/** One triage topic. */
export type Topic = (typeof TOPICS)[number];

/** Who has to act to fix it. */
export const ACTORS = ['user', 'local-network', 'it'] as const;
/** One kind of who-must-act. */
export type Actor = (typeof ACTORS)[number];

/** The VPN protocols an entry can concern. */
export const PROTOCOLS = ['any', 'pptp', 'l2tp', 'sstp', 'ikev2', 'ssl'] as const;
/** One VPN protocol. */
export type Protocol = (typeof PROTOCOLS)[number];

const codeText = z
  .union([z.number().int(), z.string().regex(/^(0x[0-9a-fA-F]{1,8}|\d{1,10}(-\d{1,10})?)$/)])
  .describe('a code: 721, "0x80092013" or a range "785-793"');

/** One entry of knowledge/error-codes.yaml, as written by an admin. */
export const entrySchema = z.strictObject({
  codes: z.array(codeText).min(1),
  title: z.string().min(3).max(80),
  screenText: z.string().max(300).optional(),
  meaning: z.string().min(10).max(400),
  causes: z.array(z.string().min(3).max(200)).min(1).max(6),
  /** Each step plain, or `{ say, otherwise }` with a whole sentence for when a placeholder in it is not configured. */
  userSteps: z.array(sayText(3, 200)).min(1).max(5),
  techSteps: z.array(z.string().min(3).max(300)).min(1).max(8),
  actor: z.enum(ACTORS),
  protocols: z.array(z.enum(PROTOCOLS)).min(1),
  topic: z.enum(TOPICS),
  keywords: z.array(z.string().min(2).max(40)).default([]),
});
/** An entry as written in the YAML (codes not yet parsed). */
export type EntrySource = z.infer<typeof entrySchema>;

/** The whole knowledge file. */
export const knowledgeFileSchema = z.strictObject({
  version: z.literal(1),
  entries: z.array(entrySchema).min(1),
});

/** A closed range of numeric codes; a single code is a range of one. */
export interface CodeRange {
  from: number;
  to: number;
}

/** A loaded entry: its codes expanded to ranges, with a stable id. */
export interface Entry extends Omit<EntrySource, 'codes'> {
  id: string;
  ranges: CodeRange[];
}

/** Parses one written code ("721", 721, "0x80092013", "785-793") into a range. */
export function parseCodeText(text: string | number): CodeRange {
  if (typeof text === 'number') return { from: text, to: text };
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) return { from: Number(range[1]), to: Number(range[2]) };
  const n = text.startsWith('0x') ? Number.parseInt(text, 16) : Number(text);
  return { from: n, to: n };
}

/** Formats a code the way Windows shows it: hex for HRESULTs, decimal otherwise. */
export function formatCode(code: number): string {
  return code >= 0x80000000 ? `0x${code.toString(16).toUpperCase().padStart(8, '0')}` : String(code);
}

/** Formats a range: "721" or "785–793". */
export function formatRange(range: CodeRange): string {
  return range.from === range.to
    ? formatCode(range.from)
    : `${formatCode(range.from)}–${formatCode(range.to)}`;
}

/** Every code a list of ranges covers, in order. */
export function expandRanges(ranges: CodeRange[]): number[] {
  const out: number[] = [];
  for (const r of ranges) for (let c = r.from; c <= r.to; c++) out.push(c);
  return out;
}
