// Reads a labelled file of answers typed at a question: {"node": "network", "text": "...", "choice": "cant_try"} per line.
import { parseCodeArg } from '../core/parse-code.ts';
import { isIntent } from './intents.ts';
import { jsonObjectAt, LabelledFileError, parseJsonl } from './labelled-file.ts';

/** What the user meant, beyond the question's own choices. */
export const SPECIAL_CHOICES = [
  'code',
  'pasted_text',
  'human',
  'restart',
  'help',
  'new_problem',
  'message',
] as const;

/** One labelled answer: where it was typed, the text, what it means, and for codes/new problems the detail. */
export interface LabelledAnswer {
  node: string;
  text: string;
  choice: string;
  codes: number[];
  intent?: string;
  line: number;
}

function parseLine(raw: string, file: string, line: number): LabelledAnswer {
  const fail = (problem: string): never => {
    throw new LabelledFileError(file, line, problem);
  };
  const { node, text, choice, code, codes, intent } = jsonObjectAt(
    raw,
    file,
    line,
    '{"node": "network", "text": "...", "choice": "cant_try"}',
  );
  if (typeof node !== 'string' || !node) return fail('"node" must be the name of a question');
  if (typeof text !== 'string' || !text.trim()) return fail('"text" must be a non-empty string');
  if (typeof choice !== 'string' || !choice) return fail('"choice" must be a choice id');
  const written = code !== undefined ? [code] : Array.isArray(codes) ? codes : [];
  const parsed = written.map((c) =>
    typeof c === 'number' || typeof c === 'string' ? parseCodeArg(String(c)) : undefined,
  );
  if (parsed.some((c) => c === undefined)) return fail('"code" must be a code like 721 or "0x80092013"');
  if ((choice === 'code' || choice === 'pasted_text') && !parsed.length)
    return fail(`"${choice}" lines need the "code" they mean`);
  if (choice === 'new_problem' && (typeof intent !== 'string' || !isIntent(intent)))
    return fail('"new_problem" lines need the "intent" of the new problem');
  return {
    node,
    text,
    choice,
    codes: parsed as number[],
    intent: typeof intent === 'string' ? intent : undefined,
    line,
  };
}

/** True when a labelled file holds answers at questions (its first line names a node). */
export function isAnswerFile(content: string): boolean {
  const first = content.split(/\r?\n/).find((l) => l.trim());
  try {
    return first !== undefined && typeof JSON.parse(first)?.node === 'string';
  } catch {
    return false;
  }
}

/** Parses an answers file; throws LabelledFileError naming `file` and the line at the first bad line. */
export function parseAnswerJsonl(content: string, file: string): LabelledAnswer[] {
  return parseJsonl(content, file, (raw, line) => parseLine(raw, file, line));
}
