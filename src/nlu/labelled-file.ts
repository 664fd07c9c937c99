// Reads a labelled JSON Lines file (docs/architecture.md §5.4): {"text": "...", "intent": "<label>", "code": 721} per line.
import { readFileSync } from 'node:fs';
import { parseCodeArg } from '../core/parse-code.ts';
import { INTENTS, type Intent, isIntent } from './intents.ts';

/** One labelled line: the text, its expected intent, the codes it should yield (empty when none), and where it is. */
export interface LabelledExample {
  text: string;
  intent: Intent;
  codes: number[];
  line: number;
}

/** A problem with a labelled file; the message names the file and, when known, the line. */
export class LabelledFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    problem: string,
  ) {
    super(line === undefined ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
    this.name = 'LabelledFileError';
  }
}

function codeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? parseCodeArg(String(value)) : undefined;
  return typeof value === 'string' ? parseCodeArg(value) : undefined;
}

/** One line of a JSON Lines file as an object; anything else is a LabelledFileError naming file and line. */
export function jsonObjectAt(
  raw: string,
  file: string,
  line: number,
  example: string,
): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new LabelledFileError(file, line, `not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new LabelledFileError(file, line, `expected a JSON object like ${example}`);
  return value as Record<string, unknown>;
}

/** Every non-blank line of a JSON Lines file, parsed by `parse`; an empty file is a LabelledFileError. */
export function parseJsonl<T>(content: string, file: string, parse: (raw: string, line: number) => T): T[] {
  const out: T[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim()) out.push(parse(raw, i + 1));
  });
  if (!out.length) throw new LabelledFileError(file, undefined, 'no labelled lines in the file');
  return out;
}

/** A file's text; a missing or unreadable file is a LabelledFileError. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new LabelledFileError(path, undefined, `cannot read the file (${reason})`);
  }
}

function parseLine(raw: string, file: string, line: number): LabelledExample {
  const fail = (problem: string): never => {
    throw new LabelledFileError(file, line, problem);
  };
  const { text, intent, code, codes } = jsonObjectAt(
    raw,
    file,
    line,
    '{"text": "...", "intent": "vpn_problem"}',
  );
  if (typeof text !== 'string' || !text.trim()) return fail('"text" must be a non-empty string');
  if (typeof intent !== 'string') return fail('"intent" must be a string');
  if (!isIntent(intent)) return fail(`unknown intent "${intent}"; expected one of ${INTENTS.join(', ')}`);
  if (code !== undefined && codes !== undefined) return fail('give either "code" or "codes", not both');
  const written = code !== undefined ? [code] : codes === undefined ? [] : codes;
  if (!Array.isArray(written)) return fail('"codes" must be an array of codes');
  const parsed = written.map((c) => codeOf(c));
  if (parsed.some((c) => c === undefined))
    return fail(`"${code !== undefined ? 'code' : 'codes'}" must be codes like 721 or "0x80092013"`);
  return { text, intent, codes: [...new Set(parsed as number[])], line };
}

/** Parses the content of a labelled file; throws LabelledFileError naming `file` and the line at the first bad line. */
export function parseLabelledJsonl(content: string, file: string): LabelledExample[] {
  return parseJsonl(content, file, (raw, line) => parseLine(raw, file, line));
}

/** Reads and parses a labelled file; a missing or unreadable file is a LabelledFileError too. */
export function readLabelledFile(path: string): LabelledExample[] {
  return parseLabelledJsonl(readTextFile(path), path);
}
