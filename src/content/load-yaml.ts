// Reads a YAML content file and checks it against a zod schema, reporting problems as "file:line: message".
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

/** A content problem, located in its file. */
export interface ContentProblem {
  file: string;
  line: number;
  message: string;
}

/** Thrown when a content file cannot be used; its message lists every problem with file and line. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
    this.name = 'ContentError';
  }
}

/** The parsed document plus a way to find the line of any path in it, for checks beyond the schema. */
export interface LoadedYaml<T> {
  file: string;
  data: T;
  lineOf(path: readonly PropertyKey[]): number;
}

/** Parses `text` (named `file` in messages) and validates it; throws ContentError listing every problem. */
export function parseYamlContent<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): LoadedYaml<z.output<S>> {
  const name = relative(process.cwd(), file) || file;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? 1 : lineCounter.linePos(offset).line;
  const problems: ContentProblem[] = [...doc.errors, ...doc.warnings].map((e) => ({
    file: name,
    line: lineAt(e.pos[0]),
    message: e.message.split('\n')[0] ?? e.message,
  }));
  if (problems.length) throw new ContentError(problems);

  const lineOf = (path: readonly PropertyKey[]): number => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) return lineAt(node.range[0]);
    }
    return 1;
  };
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    throw new ContentError(
      result.error.issues.map((issue) => ({
        file: name,
        line: lineOf(issue.path),
        message: `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
      })),
    );
  }
  return { file: name, data: result.data, lineOf };
}

/** Reads and validates a YAML file from disk. */
export function loadYamlFile<S extends z.ZodType>(file: string, schema: S): LoadedYaml<z.output<S>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ContentError([{ file, line: 1, message: `cannot read file (${(err as Error).message})` }]);
  }
  return parseYamlContent(file, text, schema);
}
